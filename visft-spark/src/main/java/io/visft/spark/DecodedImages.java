package io.visft.spark;

import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.RgbImage;
import java.util.List;

/**
 * A chunk of a partition's decoded images, seen as the unlabelled data set {@link
 * io.visft.core.eval.ImageEmbedder} embeds (every label 0).
 */
final class DecodedImages implements LabeledImages {
  private final List<String> ids;
  private final List<RgbImage> images;

  DecodedImages(List<String> ids, List<RgbImage> images) {
    this.ids = List.copyOf(ids);
    this.images = List.copyOf(images);
  }

  @Override
  public String id() {
    return "spark partition chunk from " + ids.get(0) + " (" + ids.size() + " images)";
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int label(int index) {
    return 0;
  }

  @Override
  public RgbImage image(int index) {
    return images.get(index);
  }

  @Override
  public List<String> classNames() {
    return List.of("image");
  }
}

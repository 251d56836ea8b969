package io.visft.core.data.coco;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Some images of a COCO file as {@link LabeledImages}, so that they can be embedded (and cached)
 * like a classification set: each image is its own class, its label is its position in the list
 * and its class name is its {@code file_name}. For retrieval and region benchmarks, whose targets
 * are captions and boxes rather than labels.
 *
 * <p>Immutable; {@link #image} decodes from disk on each call and is thread-safe.
 */
public final class CocoImageFiles implements LabeledImages {
  private final String annotationsId;
  private final Path imageDir;
  private final List<CocoImage> images;

  /**
   * @param annotationsId identity of the annotation file and of the rule that chose {@code images}
   *     (for example its path, size and time, plus {@code "with captions"}); part of {@link #id()}
   * @param imageDir the folder the images' {@code file_name}s are relative to
   * @param images the images, at least one
   */
  public CocoImageFiles(String annotationsId, Path imageDir, List<CocoImage> images) {
    checkArgument(!images.isEmpty(), "no images chosen from %s", annotationsId);
    this.annotationsId = annotationsId;
    this.imageDir = imageDir;
    this.images = List.copyOf(images);
  }

  /** The images, in label order. */
  public List<CocoImage> images() {
    return images;
  }

  @Override
  public String id() {
    return "coco:" + annotationsId + ":" + imageDir.toAbsolutePath().normalize() + ":" + images.size();
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int label(int index) {
    return index;
  }

  @Override
  public RgbImage image(int index) {
    return ImageDecoder.decode(imageDir.resolve(images.get(index).fileName()));
  }

  @Override
  public List<String> classNames() {
    return images.stream().map(CocoImage::fileName).toList();
  }
}

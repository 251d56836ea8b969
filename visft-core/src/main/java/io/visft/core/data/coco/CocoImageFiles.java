package io.visft.core.data.coco;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import io.visft.core.io.FileDigests;
import java.nio.file.Path;
import java.util.List;

/**
 * Some images of a COCO file as {@link LabeledImages}, so that they can be embedded (and cached)
 * like a classification set: each image is its own class, its label is its position in the list and
 * its class name is its {@code file_name}. For retrieval and region benchmarks, whose targets are
 * captions and boxes rather than labels.
 *
 * <p>Immutable (the identity is computed once, on first use); {@link #image} decodes from disk on
 * each call and is thread-safe.
 */
public final class CocoImageFiles implements LabeledImages {
  private final String annotationsId;
  private final Path imageDir;
  private final List<CocoImage> images;
  private volatile String id;

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

  /**
   * The annotations' identity, the image folder, the image count and a digest of the chosen images'
   * names, sizes, times and bytes (read once, on the first call).
   */
  @Override
  public String id() {
    String known = id;
    if (known == null) {
      List<Path> files = images.stream().map(i -> imageDir.resolve(i.fileName())).toList();
      known =
          "coco:"
              + annotationsId
              + ":"
              + imageDir.toAbsolutePath().normalize()
              + ":"
              + images.size()
              + ":"
              + FileDigests.of(imageDir, files);
      id = known;
    }
    return known;
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

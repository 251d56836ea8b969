package io.visft.core.data;

import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.ViSFTException;
import io.visft.core.data.coco.CaptionAnnotation;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.AnnotatedImages;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A COCO-format captioning split: each image with captions, resized to a fixed square and
 * ImageNet-normalised. {@link #load} decodes every image once and keeps the pixels (small splits:
 * demos, probes); {@link #open} keeps only the captions and decodes the images a batch needs when
 * it is built (any split size; pair it with a {@link io.visft.core.train.Prefetcher}). Batches are
 * a deterministic function of their index, so a run resumes at any batch.
 */
public final class ImageCaptionSet {
  private final int size;
  private final Path captionsJson;
  private final Path imageDir;
  private final List<CocoImage> images;
  private final List<List<String>> captions;
  private final List<BadImages.Decoded<float[]>> cached;
  private final BadSamplePolicy onBadImage;

  private ImageCaptionSet(
      int size, Path captionsJson, Path imageDir, boolean cache, BadSamplePolicy onBadImage) {
    CocoDataset coco = CocoDataset.read(captionsJson);
    this.size = size;
    this.captionsJson = captionsJson;
    this.imageDir = imageDir;
    this.onBadImage = onBadImage;
    List<CocoImage> withCaptions = new ArrayList<>();
    List<List<String>> texts = new ArrayList<>();
    for (CocoImage img : coco.images()) {
      List<String> t = coco.captions(img.id()).stream().map(CaptionAnnotation::caption).toList();
      if (!t.isEmpty()) {
        withCaptions.add(img);
        texts.add(t);
      }
    }
    if (withCaptions.isEmpty()) {
      throw new ViSFTException(
          captionsJson + " has no image with a caption; a captioning split needs at least one");
    }
    this.images = List.copyOf(withCaptions);
    this.captions = List.copyOf(texts);
    this.cached = cache ? new ArrayList<>() : null;
    if (cache) {
      for (int i = 0; i < images.size(); i++) {
        cached.add(BadImages.decode(i, images.size(), onBadImage, this::decode));
      }
    }
  }

  /**
   * Reads {@code captionsJson} and decodes the images that have captions from {@code imageDir} into
   * memory.
   *
   * @param size side of the square every image is resized to (a multiple of the patch size)
   */
  public static ImageCaptionSet load(Path captionsJson, Path imageDir, int size) {
    return load(captionsJson, imageDir, size, BadSamplePolicy.FAIL);
  }

  /**
   * As {@link #load(Path, Path, int)}; with {@link BadSamplePolicy#SKIP} a bad image is replaced by
   * the next good one, which brings its own captions (for training only).
   */
  public static ImageCaptionSet load(
      Path captionsJson, Path imageDir, int size, BadSamplePolicy onBadImage) {
    return new ImageCaptionSet(size, captionsJson, imageDir, true, onBadImage);
  }

  /**
   * Reads {@code captionsJson} only; images are decoded from {@code imageDir} when a batch needs
   * them.
   */
  public static ImageCaptionSet open(Path captionsJson, Path imageDir, int size) {
    return open(captionsJson, imageDir, size, BadSamplePolicy.FAIL);
  }

  /**
   * As {@link #open(Path, Path, int)}, with the policy for bad images of {@link #load(Path, Path,
   * int, BadSamplePolicy)}.
   */
  public static ImageCaptionSet open(
      Path captionsJson, Path imageDir, int size, BadSamplePolicy onBadImage) {
    return new ImageCaptionSet(size, captionsJson, imageDir, false, onBadImage);
  }

  /**
   * Image {@code i} (or, under {@code SKIP}, its replacement) resized and normalised, {@code [3,
   * size, size]}.
   */
  private BadImages.Decoded<float[]> image(int i) {
    return cached != null
        ? cached.get(i)
        : BadImages.decode(i, images.size(), onBadImage, this::decode);
  }

  /** Image {@code i} resized and normalised, {@code [3, size, size]}. */
  private float[] decode(int i) {
    CocoImage img = images.get(i);
    RgbImage decoded;
    try {
      decoded = ImageDecoder.decode(imageDir.resolve(img.fileName()));
    } catch (FileFormatException | UncheckedIOException e) {
      throw new FileFormatException(
          "image "
              + img.id()
              + " of "
              + captionsJson
              + ": "
              + e.getMessage()
              + " (replace the file or drop the image from the annotations)",
          e);
    }
    RgbImage resized =
        AnnotatedImages.resize(AnnotatedImage.of(decoded, List.of()), size, size).image();
    return ImageNormalization.imagenet().toTensor(resized).toFloatArray();
  }

  public int imageCount() {
    return images.size();
  }

  public int imageSize() {
    return size;
  }

  /** All captions of every image, in image order. */
  public List<List<String>> captions() {
    return captions;
  }

  public List<Long> imageIds() {
    return images.stream().map(CocoImage::id).toList();
  }

  /** Images {@code [first, first + count)} (wrapping around) as {@code [count, 3, size, size]}. */
  public HostTensor images(int first, int count) {
    return batch(first, count, 0).images();
  }

  /**
   * Batch {@code index} of {@code batchSize}: images taken in order, wrapping around, each with one
   * of its captions, rotating through them epoch by epoch.
   */
  public Batch batch(long index, int batchSize) {
    int n = images.size();
    return batch(
        (int) Math.floorMod(index * batchSize, (long) n), batchSize, index * batchSize / n);
  }

  /**
   * Images {@code [first, first + count)} (wrapping around), each with its caption {@code epoch +
   * i}.
   */
  private Batch batch(int first, int count, long epoch) {
    float[][] px = new float[count][];
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      BadImages.Decoded<float[]> d = image(Math.floorMod(first + i, images.size()));
      px[i] = d.value();
      List<String> c = captions.get(d.index());
      texts.add(c.get((int) Math.floorMod(epoch + i, (long) c.size())));
    }
    return new Batch(ImageStack.stack(px, size, 0, count), texts);
  }

  /**
   * @param images {@code [B, 3, S, S]}, normalised
   * @param captions one caption per image
   */
  public record Batch(HostTensor images, List<String> captions) {}
}

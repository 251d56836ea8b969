package io.visft.core.data;

import io.visft.api.HostTensor;
import io.visft.api.FileFormatException;
import io.visft.api.ViSFTException;
import io.visft.core.data.coco.CaptionAnnotation;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.transform.Geometry;
import io.visft.core.data.transform.AnnotatedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A COCO-format captioning split: each image with captions, resized to a fixed square and
 * ImageNet-normalised. {@link #load} decodes every image once and keeps the pixels (small splits:
 * demos, probes); {@link #open} keeps only the captions and decodes the images a batch needs when
 * it is built (any split size; pair it with a {@link Prefetcher}). Batches are a deterministic
 * function of their index, so a run resumes at any batch.
 */
public final class ImageCaptionSet {
  private final int size;
  private final Path captionsJson;
  private final Path imageDir;
  private final List<CocoImage> images;
  private final List<List<String>> captions;
  private final float[][] pixels;

  private ImageCaptionSet(int size, Path captionsJson, Path imageDir, boolean cache) {
    CocoDataset coco = CocoDataset.read(captionsJson);
    this.size = size;
    this.captionsJson = captionsJson;
    this.imageDir = imageDir;
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
      throw new ViSFTException(captionsJson + " has no image with a caption; a captioning split needs at least one");
    }
    this.images = List.copyOf(withCaptions);
    this.captions = List.copyOf(texts);
    this.pixels = cache ? new float[images.size()][] : null;
    if (cache) {
      for (int i = 0; i < images.size(); i++) {
        pixels[i] = decode(i);
      }
    }
  }

  /**
   * Reads {@code captionsJson} and decodes the images that have captions from {@code imageDir}
   * into memory.
   *
   * @param size side of the square every image is resized to (a multiple of the patch size)
   */
  public static ImageCaptionSet load(Path captionsJson, Path imageDir, int size) {
    return new ImageCaptionSet(size, captionsJson, imageDir, true);
  }

  /** Reads {@code captionsJson} only; images are decoded from {@code imageDir} when a batch needs them. */
  public static ImageCaptionSet open(Path captionsJson, Path imageDir, int size) {
    return new ImageCaptionSet(size, captionsJson, imageDir, false);
  }

  /** Image {@code i} resized and normalised, {@code [3, size, size]}. */
  private float[] decode(int i) {
    CocoImage img = images.get(i);
    RgbImage decoded;
    try {
      decoded = ImageDecoder.decode(imageDir.resolve(img.fileName()));
    } catch (FileFormatException | UncheckedIOException e) {
      throw new FileFormatException("image " + img.id() + " of " + captionsJson + ": " + e.getMessage()
          + " (replace the file or drop the image from the annotations)", e);
    }
    RgbImage resized = Geometry.resize(AnnotatedImage.of(decoded, List.of()), size, size).image();
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
    float[][] px = new float[count][];
    for (int i = 0; i < count; i++) {
      int image = Math.floorMod(first + i, images.size());
      px[i] = pixels != null ? pixels[image] : decode(image);
    }
    return ImageStack.stack(px, size, 0, count);
  }

  /**
   * Batch {@code index} of {@code batchSize}: images taken in order, wrapping around, each with
   * one of its captions, rotating through them epoch by epoch.
   */
  public Batch batch(long index, int batchSize) {
    int n = images.size();
    int first = (int) Math.floorMod(index * batchSize, (long) n);
    long epoch = index * batchSize / n;
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      List<String> c = captions.get(Math.floorMod(first + i, n));
      texts.add(c.get((int) Math.floorMod(epoch + i, (long) c.size())));
    }
    return new Batch(images(first, batchSize), texts);
  }

  /**
   * @param images {@code [B, 3, S, S]}, normalised
   * @param captions one caption per image
   */
  public record Batch(HostTensor images, List<String> captions) {}
}

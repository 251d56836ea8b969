package io.visft.core.data;

import io.visft.api.HostTensor;
import io.visft.api.ViSFTException;
import io.visft.core.data.coco.CaptionAnnotation;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.transform.Geometry;
import io.visft.core.data.transform.AnnotatedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A COCO-format captioning split held in memory: every image decoded, resized to a fixed square
 * and ImageNet-normalised once; batches are a deterministic function of their index, so a run
 * resumes at any batch. For small splits (demos, probes); large ones stream through {@link Batcher}.
 */
public final class ImageCaptionSet {
  private final int size;
  private final float[][] pixels;
  private final List<List<String>> captions;
  private final List<Long> ids;

  private ImageCaptionSet(int size, float[][] pixels, List<List<String>> captions, List<Long> ids) {
    this.size = size;
    this.pixels = pixels;
    this.captions = captions;
    this.ids = ids;
  }

  /**
   * Loads the images of {@code captionsJson} that have captions from {@code imageDir}.
   *
   * @param size side of the square every image is resized to (a multiple of the patch size)
   */
  public static ImageCaptionSet load(Path captionsJson, Path imageDir, int size) {
    CocoDataset coco = CocoDataset.read(captionsJson);
    List<float[]> px = new ArrayList<>();
    List<List<String>> caps = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    ImageNormalization norm = ImageNormalization.imagenet();
    for (CocoImage img : coco.images()) {
      List<String> texts = coco.captions(img.id()).stream().map(CaptionAnnotation::caption).toList();
      if (texts.isEmpty()) {
        continue;
      }
      RgbImage decoded = ImageDecoder.decode(imageDir.resolve(img.fileName()));
      RgbImage resized = Geometry.resize(AnnotatedImage.of(decoded, List.of()), size, size).image();
      px.add(norm.toTensor(resized).toFloatArray());
      caps.add(texts);
      ids.add(img.id());
    }
    if (px.isEmpty()) {
      throw new ViSFTException(captionsJson + " has no image with a caption; a captioning split needs at least one");
    }
    return new ImageCaptionSet(size, px.toArray(new float[0][]), caps, ids);
  }

  public int imageCount() {
    return pixels.length;
  }

  public int imageSize() {
    return size;
  }

  /** All captions of every image, in image order. */
  public List<List<String>> captions() {
    return captions;
  }

  public List<Long> imageIds() {
    return ids;
  }

  /** Images {@code [first, first + count)} (wrapping around) as {@code [count, 3, size, size]}. */
  public HostTensor images(int first, int count) {
    return ImageStack.stack(pixels, size, first, count);
  }

  /**
   * Batch {@code index} of {@code batchSize}: images taken in order, wrapping around, each with
   * one of its captions, rotating through them epoch by epoch.
   */
  public Batch batch(long index, int batchSize) {
    int first = (int) Math.floorMod(index * batchSize, (long) pixels.length);
    long epoch = index * batchSize / pixels.length;
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      List<String> c = captions.get(Math.floorMod(first + i, pixels.length));
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

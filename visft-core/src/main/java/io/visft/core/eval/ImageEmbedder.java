package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.FixedResize;
import io.visft.core.train.ProgressBar;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Embeds a data set's images in batches: each image is resized to {@code size × size} ({@link
 * FixedResize}, bilinear), normalised with the ImageNet statistics, run through a {@link
 * FeatureExtractor}, and its map {@code [C, h, w]} mean-pooled to {@code [C]}. Progress is drawn
 * with a {@link ProgressBar}.
 *
 * <p>Not thread-safe (one extractor, one progress stream).
 */
public final class ImageEmbedder {
  private final FeatureExtractor extractor;
  private final FixedResize resize;
  private final int batchSize;
  private final PrintStream progress;
  private final ImageNormalization normalization = ImageNormalization.imagenet();

  /**
   * @param extractor the backbone
   * @param imageSize side the images are resized to (a multiple of the backbone's patch size)
   * @param batchSize images per extractor call, positive
   * @param progress where the progress bar is drawn (usually {@code System.err})
   */
  public ImageEmbedder(
      FeatureExtractor extractor, int imageSize, int batchSize, PrintStream progress) {
    checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    this.extractor = extractor;
    this.resize = new FixedResize(imageSize, imageSize);
    this.batchSize = batchSize;
    this.progress = progress;
  }

  /**
   * Embeds every image of {@code images}.
   *
   * @param label progress bar label
   * @param keepDense whether to keep the dense maps ({@code n · C · h · w} floats)
   */
  public ImageEmbeddings embed(LabeledImages images, String label, boolean keepDense) {
    int n = images.size();
    checkArgument(n > 0, "data set %s has no images", images.id());
    ProgressBar bar = new ProgressBar(progress, label, n);
    float[] pooled = null;
    float[] dense = null;
    long[] mapShape = null;
    for (int start = 0; start < n; start += batchSize) {
      int count = Math.min(batchSize, n - start);
      HostTensor maps = extractor.features(pixels(images, start, count));
      long[] shape = maps.shape();
      if (shape.length != 4 || shape[0] != count) {
        throw new ShapeException(
            "feature extractor returned "
                + Arrays.toString(shape)
                + " for a batch of "
                + count
                + " images; expected ["
                + count
                + ", C, h, w]");
      }
      if (mapShape == null) {
        mapShape = shape;
        pooled = new float[Math.toIntExact(n * shape[1])];
        dense = keepDense ? new float[Math.toIntExact(n * shape[1] * shape[2] * shape[3])] : null;
      }
      poolInto(maps.floatView(), count, (int) shape[1], (int) (shape[2] * shape[3]), pooled, start);
      if (dense != null) {
        maps.floatView()
            .get(
                dense, Math.toIntExact(start * shape[1] * shape[2] * shape[3]), (int) maps.numel());
      }
      bar.step(count);
    }
    int channels = (int) mapShape[1];
    HostTensor denseTensor =
        dense == null ? null : HostTensor.ofFloats(dense, n, channels, mapShape[2], mapShape[3]);
    return new ImageEmbeddings(
        new FeatureMatrix(n, channels, pooled), denseTensor, images.labels());
  }

  private HostTensor pixels(LabeledImages images, int start, int count) {
    int side = resize.height();
    int perImage = 3 * side * side;
    ByteBuffer bytes =
        ByteBuffer.allocateDirect(count * perImage * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = bytes.asFloatBuffer();
    SplittableRandom unused = new SplittableRandom(0);
    for (int i = 0; i < count; i++) {
      RgbImage image =
          resize.apply(AnnotatedImage.of(images.image(start + i), List.of()), unused).image();
      normalization.writeInto(image, floats, i * perImage, side, side);
    }
    return new HostTensor(DType.F32, new long[] {count, 3, side, side}, bytes);
  }

  private static void poolInto(
      FloatBuffer maps, int count, int channels, int positions, float[] pooled, int start) {
    for (int b = 0; b < count; b++) {
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        int base = (b * channels + c) * positions;
        for (int p = 0; p < positions; p++) {
          sum += maps.get(base + p);
        }
        pooled[(start + b) * channels + c] = (float) (sum / positions);
      }
    }
  }
}

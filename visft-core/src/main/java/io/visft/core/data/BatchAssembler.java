package io.visft.core.data;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbColor;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.Geometry;
import io.visft.core.data.transform.InstanceTarget;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pads the samples of a batch to a common size and packs them into tensors. Each sample is padded
 * bottom/right with the normalisation mean, so padded pixels become exactly 0 once normalised, and
 * its padding mask and instance masks grow with it. Stateless.
 */
final class BatchAssembler {
  private BatchAssembler() {}

  /** A decoded, transformed sample and the entry it came from. */
  record Loaded(ImageEntry entry, AnnotatedImage sample) {}

  static Batch assemble(List<Loaded> samples, BatcherConfig config, BatchPosition start, BatchPosition next) {
    int height = 0;
    int width = 0;
    for (Loaded s : samples) {
      height = Math.max(height, s.sample().height());
      width = Math.max(width, s.sample().width());
    }
    height = roundUp(height, config.padMultiple());
    width = roundUp(width, config.padMultiple());
    int n = samples.size();
    int imageFloats = 3 * height * width;
    ByteBuffer imageBytes = ByteBuffer.allocate(n * imageFloats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer imageFloatsView = imageBytes.asFloatBuffer();
    ByteBuffer maskBytes = ByteBuffer.allocate(n * height * width);
    ImageNormalization normalization = config.normalization();
    RgbColor mean = RgbColor.meanOf(normalization);
    List<Long> ids = new ArrayList<>(n);
    List<Path> files = new ArrayList<>(n);
    List<List<InstanceTarget>> instances = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      Loaded loaded = samples.get(b);
      AnnotatedImage padded = Geometry.padBottomRight(loaded.sample(), height, width, mean);
      normalization.writeInto(padded.image(), imageFloatsView, b * imageFloats, height, width);
      maskBytes.put(b * height * width, padded.padding().bits());
      ids.add(loaded.entry().id());
      files.add(loaded.entry().file());
      instances.add(padded.instances());
    }
    return new Batch(
        new HostTensor(DType.F32, new long[] {n, 3, height, width}, imageBytes),
        new HostTensor(DType.BOOL, new long[] {n, height, width}, maskBytes),
        ids, files, instances, start, next);
  }

  private static int roundUp(int value, int multiple) {
    return Math.floorDiv(value + multiple - 1, multiple) * multiple;
  }
}

package io.visft.core.data;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbColor;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.AnnotatedImages;
import io.visft.core.data.transform.InstanceTarget;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Pads the samples of a batch to a common size and packs them into tensors. Each sample is padded
 * bottom/right with the normalisation mean, so padded pixels become exactly 0 once normalised, and
 * its padding mask and instance masks grow with it. Stateless.
 */
final class BatchAssembler {
  private BatchAssembler() {}

  /**
   * Samples padded to {@code height × width} and packed.
   *
   * @param images F32 {@code [n, 3, height, width]}, normalised
   * @param paddingMask BOOL {@code [n, height, width]}, true where padded
   * @param instances each sample's objects, masks grown to the padded size
   */
  record Packed(HostTensor images, HostTensor paddingMask, List<List<InstanceTarget>> instances) {}

  /** Pads every sample bottom/right to {@code height × width} (each must fit) and packs them. */
  static Packed pack(
      List<AnnotatedImage> samples, int height, int width, ImageNormalization normalization) {
    int n = samples.size();
    int imageFloats = 3 * height * width;
    ByteBuffer imageBytes =
        ByteBuffer.allocate(n * imageFloats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer imageFloatsView = imageBytes.asFloatBuffer();
    ByteBuffer maskBytes = ByteBuffer.allocate(n * height * width);
    RgbColor mean = RgbColor.meanOf(normalization);
    List<List<InstanceTarget>> instances = new ArrayList<>(n);
    for (int b = 0; b < n; b++) {
      AnnotatedImage padded = AnnotatedImages.padBottomRight(samples.get(b), height, width, mean);
      normalization.writeInto(padded.image(), imageFloatsView, b * imageFloats, height, width);
      maskBytes.put(b * height * width, padded.padding().bits());
      instances.add(padded.instances());
    }
    return new Packed(
        new HostTensor(DType.F32, new long[] {n, 3, height, width}, imageBytes),
        new HostTensor(DType.BOOL, new long[] {n, height, width}, maskBytes),
        instances);
  }
}

package io.visft.heads.detection;

import io.visft.api.HostTensor;
import java.util.SplittableRandom;

/**
 * How a detection head parameter is drawn at initialisation. The distributions are those of the
 * PyTorch modules of the release; the draws are not.
 */
public enum ParameterInit {
  /** All zeros (attention projection biases, LayerNorm biases). */
  ZEROS,
  /** All ones (LayerNorm weights). */
  ONES,
  /** Standard normal, as {@code nn.Embedding} (task token table, queries). */
  STANDARD_NORMAL,
  /** {@code U(±√(6 / (fanIn + fanOut)))}, as {@code nn.init.xavier_uniform_}. */
  XAVIER_UNIFORM,
  /**
   * {@code U(±1/√fanIn)}: the default of {@code nn.Linear} and {@code nn.Conv2d} weights (Kaiming
   * uniform with a = √5) and biases.
   */
  FAN_IN_UNIFORM;

  /**
   * Draws a tensor.
   *
   * @param shape the tensor's shape
   * @param fanIn inputs per output of the layer the tensor belongs to
   * @param fanOut outputs of that layer
   */
  HostTensor draw(long[] shape, int fanIn, int fanOut, SplittableRandom random) {
    float[] values = new float[Math.toIntExact(HostTensor.numel(shape))];
    double bound =
        switch (this) {
          case XAVIER_UNIFORM -> Math.sqrt(6.0 / (fanIn + fanOut));
          case FAN_IN_UNIFORM -> 1 / Math.sqrt(fanIn);
          default -> 0;
        };
    for (int i = 0; i < values.length; i++) {
      values[i] =
          (float)
              switch (this) {
                case ZEROS -> 0;
                case ONES -> 1;
                case STANDARD_NORMAL -> random.nextGaussian();
                case XAVIER_UNIFORM, FAN_IN_UNIFORM -> random.nextDouble(-bound, bound);
              };
    }
    return HostTensor.ofFloats(values, shape);
  }
}

package io.visft.core.eval;

import io.visft.api.ConfigException;

/**
 * How a linear probe (multinomial logistic regression) is trained: full-batch AdamW from zero
 * weights for a fixed number of steps at a constant learning rate. Each step's gradient is summed
 * over blocks of {@code blockRows} consecutive rows (one ONNX Runtime call per block), so one
 * process and a Spark job that hold the same blocks train the same weights.
 *
 * @param steps full-batch AdamW steps, positive
 * @param learningRate constant learning rate, positive
 * @param weightDecay AdamW's decoupled weight decay on weights and biases, ≥ 0
 * @param blockRows rows per gradient block, positive ({@link #BLOCK_ROWS} by default)
 */
public record LinearProbeConfig(int steps, double learningRate, double weightDecay, int blockRows) {
  /** The default rows per gradient block. */
  public static final int BLOCK_ROWS = 4096;

  public LinearProbeConfig {
    if (steps <= 0) {
      throw new ConfigException(
          "linear probe steps = " + steps + " must be positive; " + defaultsHint());
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new ConfigException(
          "linear probe learning_rate = "
              + learningRate
              + " must be finite and positive; "
              + defaultsHint());
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new ConfigException(
          "linear probe weight_decay = "
              + weightDecay
              + " must be finite and >= 0; "
              + defaultsHint());
    }
    if (blockRows <= 0) {
      throw new ConfigException(
          "linear probe block_rows = "
              + blockRows
              + " must be positive; the default is "
              + BLOCK_ROWS);
    }
  }

  /** A probe with the default {@link #BLOCK_ROWS}. */
  public LinearProbeConfig(int steps, double learningRate, double weightDecay) {
    this(steps, learningRate, weightDecay, BLOCK_ROWS);
  }

  /** 300 steps at learning rate 0.05, weight decay 1e-4: converges on unit-norm features. */
  public static LinearProbeConfig defaults() {
    return new LinearProbeConfig(300, 0.05, 1e-4);
  }

  private static String defaultsHint() {
    return "the defaults are steps 300, learning_rate 0.05, weight_decay 1e-4";
  }
}

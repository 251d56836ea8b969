package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.NumericException;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.Parameters;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Multinomial logistic regression trained by this library's engine: full-batch AdamW updates
 * ({@link LinearProbeConfig}) from zero weights (so training is deterministic), where each step's
 * gradient is the sum of {@link ProbeGradient}s over blocks of {@link LinearProbeConfig#blockRows}
 * consecutive rows, added with {@link ExactSums} and divided by the row count. {@link #train} is
 * the loop itself, for callers that hold the blocks elsewhere (a Spark job sums them over
 * partitions).
 *
 * <p>One instance serves any number of fits of the same shape {@code [rows, dim] → classes} (the
 * sessions are built once), e.g. every episode of a few-shot benchmark. Not thread-safe; close it
 * to free the native sessions.
 */
public final class LogisticRegression implements AutoCloseable {
  private final int rows;
  private final int dim;
  private final int classes;
  private final LinearProbeConfig config;

  /** By block rows: the full block and, when the rows do not divide evenly, the last one. */
  private final Map<Integer, ProbeGradient> gradients = new LinkedHashMap<>();

  /** One step's gradient sums over every block of the training rows. */
  @FunctionalInterface
  public interface StepGradient {
    /**
     * Adds the gradient summed over all rows at {@code at} to {@code into} (as {@link
     * ProbeGradient#accumulate} lays it out) and returns the summed loss.
     */
    double accumulate(LinearClassifier at, ExactSums into);
  }

  /**
   * @param rows training rows per fit
   * @param dim feature dimension
   * @param classes number of labels, at least 2
   */
  public LogisticRegression(
      int rows, int dim, int classes, LinearProbeConfig config, RuntimeOptions runtime) {
    ProbeGradient.checkShape(rows, dim, classes);
    this.rows = rows;
    this.dim = dim;
    this.classes = classes;
    this.config = config;
    int block = Math.min(rows, config.blockRows());
    try {
      gradients.put(block, new ProbeGradient(block, dim, classes, runtime));
      if (rows % block != 0) {
        gradients.put(rows % block, new ProbeGradient(rows % block, dim, classes, runtime));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Trains from zero weights on {@code x [rows, dim]} with labels {@code [rows]} in {@code [0,
   * classes)}.
   *
   * @throws NumericException if the loss becomes NaN or infinite (lower the learning rate)
   */
  public LinearClassifier fit(FeatureMatrix x, int[] labels) {
    checkArgument(
        x.rows() == rows && x.dim() == dim,
        "features [%s, %s], this probe was built for [%s, %s]",
        x.rows(),
        x.dim(),
        rows,
        dim);
    checkArgument(labels.length == rows, "%s labels for %s rows", labels.length, rows);
    int block = config.blockRows();
    return train(
        rows,
        dim,
        classes,
        x.maxAbs(),
        config,
        (at, into) -> {
          double loss = 0;
          for (int from = 0; from < rows; from += block) {
            int to = Math.min(rows, from + block);
            int[] blockLabels = Arrays.copyOfRange(labels, from, to);
            loss += gradients.get(to - from).accumulate(x.slice(from, to), blockLabels, at, into);
          }
          return loss;
        });
  }

  /**
   * The training loop: {@code config.steps()} full-batch AdamW steps from zero weights, each on
   * {@code gradient}'s sums over all {@code rows} divided by {@code rows}.
   *
   * @param maxAbs the largest {@code |feature|} of the training rows (bounds the gradient sums)
   * @throws NumericException if the loss becomes NaN or infinite (lower the learning rate)
   */
  public static LinearClassifier train(
      long rows,
      int dim,
      int classes,
      double maxAbs,
      LinearProbeConfig config,
      StepGradient gradient) {
    checkArgument(rows > 0, "need at least one training row");
    Parameters params =
        new Parameters()
            .add(ProbeGradient.WEIGHT, new float[classes * dim], classes, dim)
            .add(ProbeGradient.BIAS, new float[classes], classes);
    AdamW optimizer =
        new AdamW(params, new AdamWConfig(0.9, 0.999, 1e-8, config.weightDecay(), Set.of()));
    float[] gw = new float[classes * dim];
    float[] gb = new float[classes];
    Map<String, float[]> grads = new LinkedHashMap<>();
    grads.put(ProbeGradient.WEIGHT, gw);
    grads.put(ProbeGradient.BIAS, gb);
    for (int step = 0; step < config.steps(); step++) {
      ExactSums sums = ExactSums.forValues(gw.length + gb.length, rows, Math.max(1, maxAbs));
      LinearClassifier at =
          new LinearClassifier(
              classes, dim, params.get(ProbeGradient.WEIGHT), params.get(ProbeGradient.BIAS));
      double loss = gradient.accumulate(at, sums) / rows;
      if (!Double.isFinite(loss)) {
        throw new NumericException(
            "linear probe loss is "
                + loss
                + " at step "
                + step
                + " (learning rate "
                + config.learningRate()
                + "); lower the learning rate");
      }
      for (int i = 0; i < gw.length; i++) {
        gw[i] = (float) (sums.get(i) / rows);
      }
      for (int k = 0; k < gb.length; k++) {
        gb[k] = (float) (sums.get(gw.length + k) / rows);
      }
      optimizer.step(grads, config.learningRate());
    }
    return new LinearClassifier(
        classes,
        dim,
        params.get(ProbeGradient.WEIGHT).clone(),
        params.get(ProbeGradient.BIAS).clone());
  }

  @Override
  public void close() {
    gradients.values().forEach(ProbeGradient::close);
  }
}

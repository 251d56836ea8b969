package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Losses;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.vit.LinearLayer;
import java.util.Map;
import java.util.Set;

/**
 * Multinomial logistic regression trained by this library's engine: a graph
 * {@code crossEntropy(x Wᵀ + b, y)} whose gradients come from autodiff, run as one
 * {@link TrainingSession} step per full-batch AdamW update ({@link LinearProbeConfig}), from zero
 * weights (so training is deterministic).
 *
 * <p>One instance serves any number of fits of the same shape {@code [rows, dim] → classes} (the
 * session is built once), e.g. every episode of a few-shot benchmark. Not thread-safe; close it to
 * free the native session.
 */
public final class LogisticRegression implements AutoCloseable {
  private static final String WEIGHT = "probe.weight";
  private static final String BIAS = "probe.bias";
  private static final String FEATURES = "features";
  private static final String LABELS = "labels";

  private final int rows;
  private final int dim;
  private final int classes;
  private final LinearProbeConfig config;
  private final TrainingSession session;

  /**
   * @param rows training rows per fit
   * @param dim feature dimension
   * @param classes number of labels, at least 2
   */
  public LogisticRegression(int rows, int dim, int classes, LinearProbeConfig config, RuntimeOptions runtime) {
    checkArgument(rows > 0 && dim > 0 && classes >= 2, "need rows > 0, dim > 0, classes >= 2; got %s, %s, %s", rows, dim, classes);
    this.rows = rows;
    this.dim = dim;
    this.classes = classes;
    this.config = config;
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input(FEATURES, DType.F32, rows, dim);
    Value y = g.input(LABELS, DType.I64, rows);
    Value w = g.input(WEIGHT, DType.F32, classes, dim);
    Value b = g.input(BIAS, DType.F32, classes);
    Value loss = Losses.crossEntropy(o, LinearLayer.PLAIN.apply(o, "probe", x, w, b), y, null);
    this.session = TrainingSession.create(loss, ImmutableMap.of(WEIGHT, w, BIAS, b), Map.of(), runtime);
  }

  /**
   * Trains from zero weights on {@code x [rows, dim]} with labels {@code [rows]} in
   * {@code [0, classes)}.
   *
   * @throws NumericException if the loss becomes NaN or infinite (lower the learning rate)
   */
  public LinearClassifier fit(FeatureMatrix x, int[] labels) {
    checkArgument(x.rows() == rows && x.dim() == dim, "features [%s, %s], this probe was built for [%s, %s]", x.rows(), x.dim(),
        rows, dim);
    checkArgument(labels.length == rows, "%s labels for %s rows", labels.length, rows);
    long[] targets = new long[rows];
    for (int i = 0; i < rows; i++) {
      checkArgument(labels[i] >= 0 && labels[i] < classes, "label %s of row %s is outside [0, %s)", labels[i], i, classes);
      targets[i] = labels[i];
    }
    Parameters params = new Parameters().add(WEIGHT, new float[classes * dim], classes, dim).add(BIAS, new float[classes], classes);
    AdamW optimizer = new AdamW(params, new AdamWConfig(0.9, 0.999, 1e-8, config.weightDecay(), Set.of()));
    Map<String, HostTensor> batch = ImmutableMap.of(FEATURES, HostTensor.ofFloats(x.values(), rows, dim), LABELS,
        HostTensor.ofLongs(targets, rows));
    for (int step = 0; step < config.steps(); step++) {
      double loss = session.step(params, step == 0 ? batch : Map.of());
      if (!Double.isFinite(loss)) {
        throw new NumericException("linear probe loss is " + loss + " at step " + step + " (learning rate "
            + config.learningRate() + "); lower the learning rate");
      }
      optimizer.step(session.gradients(), config.learningRate());
    }
    return new LinearClassifier(classes, dim, params.get(WEIGHT).clone(), params.get(BIAS).clone());
  }

  @Override
  public void close() {
    session.close();
  }
}

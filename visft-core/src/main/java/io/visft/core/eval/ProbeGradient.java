package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Losses;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.vit.LinearLayer;
import java.util.Map;

/**
 * The cross-entropy gradient of a linear classifier over one block of rows: a graph {@code
 * crossEntropy(x Wᵀ + b, y)} whose gradients come from autodiff, run as one ONNX Runtime session
 * built for one block shape {@code [rows, dim] → classes}. {@link LogisticRegression} sums these
 * block gradients into a full-batch step, in one process or across Spark partitions.
 *
 * <p>Not thread-safe; close it to free the native session.
 */
public final class ProbeGradient implements AutoCloseable {
  static final String WEIGHT = "probe.weight";
  static final String BIAS = "probe.bias";
  private static final String FEATURES = "features";
  private static final String LABELS = "labels";

  private final int rows;
  private final int dim;
  private final int classes;
  private final TrainingSession session;

  /**
   * @param rows rows of every block this session takes
   * @param dim feature dimension
   * @param classes number of labels, at least 2
   */
  public ProbeGradient(int rows, int dim, int classes, RuntimeOptions runtime) {
    checkShape(rows, dim, classes);
    this.rows = rows;
    this.dim = dim;
    this.classes = classes;
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input(FEATURES, DType.F32, rows, dim);
    Value y = g.input(LABELS, DType.I64, rows);
    Value w = g.input(WEIGHT, DType.F32, classes, dim);
    Value b = g.input(BIAS, DType.F32, classes);
    Value loss = Losses.crossEntropy(o, LinearLayer.PLAIN.apply(o, "probe", x, w, b), y, null);
    this.session =
        TrainingSession.create(loss, ImmutableMap.of(WEIGHT, w, BIAS, b), Map.of(), runtime);
  }

  /** Rows of the blocks this session takes. */
  public int rows() {
    return rows;
  }

  /**
   * Adds the block's summed gradient {@code Σ_rows ∂CE/∂W} ({@code [classes · dim]}, row-major)
   * then {@code Σ_rows ∂CE/∂b} ({@code [classes]}) to {@code into}, unless the loss is not finite.
   *
   * @param x {@code [rows, dim]}
   * @param labels {@code [rows]} in {@code [0, classes)}
   * @param at the current weights
   * @return the block's summed loss (NaN or infinite when training diverged)
   */
  public double accumulate(FeatureMatrix x, int[] labels, LinearClassifier at, ExactSums into) {
    checkArgument(
        x.rows() == rows && x.dim() == dim,
        "features [%s, %s], this gradient was built for [%s, %s]",
        x.rows(),
        x.dim(),
        rows,
        dim);
    checkArgument(labels.length == rows, "%s labels for %s rows", labels.length, rows);
    checkArgument(
        at.classes() == classes && at.dim() == dim,
        "a classifier [%s, %s], this gradient was built for [%s, %s]",
        at.classes(),
        at.dim(),
        classes,
        dim);
    long[] targets = new long[rows];
    for (int i = 0; i < rows; i++) {
      checkArgument(
          labels[i] >= 0 && labels[i] < classes,
          "label %s of row %s is outside [0, %s)",
          labels[i],
          i,
          classes);
      targets[i] = labels[i];
    }
    Parameters params =
        new Parameters().add(WEIGHT, at.weight(), classes, dim).add(BIAS, at.bias(), classes);
    double meanLoss =
        session.step(
            params,
            ImmutableMap.of(
                FEATURES,
                HostTensor.ofFloats(x.values(), rows, dim),
                LABELS,
                HostTensor.ofLongs(targets, rows)));
    if (!Double.isFinite(meanLoss)) {
      return meanLoss;
    }
    float[] gw = session.gradients().get(WEIGHT);
    float[] gb = session.gradients().get(BIAS);
    for (int i = 0; i < gw.length; i++) {
      into.add(i, (double) gw[i] * rows);
    }
    for (int k = 0; k < gb.length; k++) {
      into.add(gw.length + k, (double) gb[k] * rows);
    }
    return meanLoss * rows;
  }

  @Override
  public void close() {
    session.close();
  }

  /** Rejects a probe shape that is not {@code rows > 0, dim > 0, classes >= 2}. */
  static void checkShape(int rows, int dim, int classes) {
    checkArgument(
        rows > 0 && dim > 0 && classes >= 2,
        "need rows > 0, dim > 0, classes >= 2; got %s, %s, %s",
        rows,
        dim,
        classes);
  }
}

package io.visft.core.eval;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.Serializable;

/**
 * A trained linear classifier {@code logits = x Wᵀ + b}.
 *
 * <p>Ownership: shares its arrays; treat as immutable, then thread-safe. Serializable (it travels
 * to the machines that score a distributed table).
 *
 * @param classes K, positive
 * @param dim D, positive
 * @param weight {@code [K, D]} row-major
 * @param bias {@code [K]}
 */
public record LinearClassifier(int classes, int dim, float[] weight, float[] bias)
    implements Serializable {

  public LinearClassifier {
    checkArgument(
        classes > 0 && dim > 0, "classes and dim must be positive, got %s and %s", classes, dim);
    checkArgument(
        weight.length == classes * dim && bias.length == classes,
        "weight [%s, %s] and bias [%s] got %s and %s values",
        classes,
        dim,
        classes,
        weight.length,
        bias.length);
  }

  /** Logits {@code [rows, K]} of {@code x [rows, D]}, in double. */
  public double[][] logits(FeatureMatrix x) {
    checkArgument(x.dim() == dim, "features have dim %s, the classifier %s", x.dim(), dim);
    double[][] logits = new double[x.rows()][classes];
    for (int r = 0; r < x.rows(); r++) {
      for (int k = 0; k < classes; k++) {
        double s = bias[k];
        for (int c = 0; c < dim; c++) {
          s += (double) x.get(r, c) * weight[k * dim + c];
        }
        logits[r][k] = s;
      }
    }
    return logits;
  }

  /** The arg-max label of every row (the smaller label on ties). */
  public int[] predict(FeatureMatrix x) {
    double[][] logits = logits(x);
    int[] out = new int[logits.length];
    for (int r = 0; r < logits.length; r++) {
      for (int k = 1; k < classes; k++) {
        if (logits[r][k] > logits[r][out[r]]) {
          out[r] = k;
        }
      }
    }
    return out;
  }

  /**
   * Mean cross-entropy {@code −log softmax(x W + b)[y]} over the rows: the {@link ExactSums#sum} of
   * {@link #rowCrossEntropy} over the row count.
   */
  public double crossEntropy(FeatureMatrix x, int[] labels) {
    checkArgument(labels.length > 0, "need at least one row");
    return ExactSums.sum(rowCrossEntropy(x, labels)) / labels.length;
  }

  /** The cross-entropy of each row, {@code [rows]}, in double. */
  public double[] rowCrossEntropy(FeatureMatrix x, int[] labels) {
    checkArgument(labels.length == x.rows(), "%s labels for %s rows", labels.length, x.rows());
    double[][] logits = logits(x);
    double[] out = new double[logits.length];
    for (int r = 0; r < logits.length; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits[r]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (double v : logits[r]) {
        sum += Math.exp(v - max);
      }
      out[r] = max + Math.log(sum) - logits[r][labels[r]];
    }
    return out;
  }
}

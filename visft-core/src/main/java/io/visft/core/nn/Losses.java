package io.visft.core.nn;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/** Loss functions composed from table ops. */
public final class Losses {
  private Losses() {}

  /**
   * Weighted cross-entropy as {@code torch.nn.functional.cross_entropy(logits, targets,
   * weight=classWeights)}: {@code Σ w[t_i] · (−log softmax(x_i)[t_i]) / Σ w[t_i]}.
   *
   * @param logits {@code [N, K]}
   * @param targets {@code [N]} I64 class indices in {@code [0, K)}
   * @param classWeights {@code [K]} or {@code null} for uniform weights
   * @return scalar
   */
  public static Value crossEntropy(Ops o, Value logits, Value targets, Value classWeights) {
    Value logp = o.logSoftmax(logits, -1);
    Value picked = o.squeeze(o.gatherElements(logp, o.unsqueeze(targets, 1), 1), 1);
    if (classWeights == null) {
      return o.neg(o.reduceMean(picked, false, 0));
    }
    Value w = o.gather(classWeights, targets, 0);
    return o.div(o.neg(o.reduceSum(o.mul(picked, w), false)), o.reduceSum(w, false));
  }

  /**
   * Binary cross-entropy with logits, elementwise, in the stable form {@code softplus(x) − x·t}
   * (see {@link Activations#softplus}).
   *
   * @param logits any shape
   * @param targets the shape of {@code logits}, values in [0, 1]
   * @return the shape of {@code logits}
   */
  public static Value sigmoidBinaryCrossEntropy(Ops o, Value logits, Value targets) {
    return o.sub(Activations.softplus(o, logits), o.mul(logits, targets));
  }
}

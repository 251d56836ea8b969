package io.visft.heads.segmentation;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Activations;
import io.visft.core.nn.GridSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The mask parts of Mask2Former's matching cost, built into the forward graph so ONNX Runtime
 * computes them: for every prediction set, the predicted mask logits {@code x} are sampled at the
 * matching points and compared with the targets {@code y} there, giving {@code BCE[q][t] = (1/N)
 * Σ_p softplus(x) − x·y} and {@code dice[q][t] = 1 − (2 Σ σ(x)·y + 1) / (Σ σ(x) + Σ y + 1)} — the
 * formulas of {@link io.visft.heads.matching.MaskMatchCost}, which weighs them with the class part
 * on the host before the Hungarian algorithm.
 */
final class MaskCostGraph {

  /**
   * @param bce F32 {@code [S, B, Q, T]}
   * @param dice F32 {@code [S, B, Q, T]}
   */
  record Costs(Value bce, Value dice) {}

  private MaskCostGraph() {}

  /**
   * @param sets the prediction sets (mask logits {@code [B, Q, h, w]} each)
   * @param points F32 {@code [S, B, N, 2]}: (x, y) in [0, 1] of each set's and image's matching
   *     points
   * @param targets F32 {@code [S, B, T, N]}: the target masks' values at those points (0 for unused
   *     slots)
   */
  static Costs build(Ops o, List<PredictionSet> sets, Value points, Value targets) {
    long n = points.dim(2);
    List<Value> bce = new ArrayList<>();
    List<Value> dice = new ArrayList<>();
    for (int s = 0; s < sets.size(); s++) {
      Value x = GridSample.sample(o, sets.get(s).maskLogits(), row(o, points, s));
      Value y = row(o, targets, s);
      Value yt = o.transpose(y, 0, 2, 1);
      Value one = o.scalarLike(x, 1);
      Value sumSoftplus = o.reduceSum(Activations.softplus(o, x), true, 2);
      Value b = o.div(o.sub(sumSoftplus, o.matmul(x, yt)), o.scalarLike(x, n));
      Value sig = o.sigmoid(x);
      Value overlap = o.matmul(sig, yt);
      Value denominator =
          o.add(
              o.add(o.reduceSum(sig, true, 2), o.transpose(o.reduceSum(y, true, 2), 0, 2, 1)), one);
      Value d = o.sub(one, o.div(o.add(o.mul(o.scalarLike(x, 2), overlap), one), denominator));
      bce.add(o.unsqueeze(b, 0));
      dice.add(o.unsqueeze(d, 0));
    }
    return new Costs(
        o.concat(0, bce.toArray(Value[]::new)), o.concat(0, dice.toArray(Value[]::new)));
  }

  private static Value row(Ops o, Value stacked, int s) {
    return o.squeeze(o.slice(stacked, 0, s, s + 1), 0);
  }
}

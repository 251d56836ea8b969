package io.visft.heads.segmentation;

import io.visft.api.DType;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.GridSample;
import io.visft.core.nn.Losses;
import java.util.List;

/**
 * Builds Mask2Former's set loss over every prediction set, given the matching and sampled points as
 * {@link SegmentationLossInputs}:
 *
 * <ul>
 *   <li>class: weighted cross-entropy over all {@code B·Q} queries, "no object" weighted {@code
 *       noObjectWeight}, normalised by the summed weights;
 *   <li>mask: sigmoid BCE of the matched masks at their sampled points, averaged over points,
 *       summed over masks and divided by the batch's instance count;
 *   <li>dice: {@code 1 − (2 Σ σ(x)·y + 1) / (Σ σ(x) + Σ y + 1)} per mask, summed and divided the
 *       same.
 * </ul>
 */
public final class SegmentationLoss {

  /**
   * The loss and its parts, each summed over the prediction sets and already weighted.
   *
   * @param total scalar to minimise
   * @param classification {@code classWeight · Σ CE}
   * @param mask {@code maskWeight · Σ BCE}
   * @param dice {@code diceWeight · Σ dice}
   */
  public record Terms(Value total, Value classification, Value mask, Value dice) {}

  private SegmentationLoss() {}

  public static Terms build(
      Ops o,
      SegmentationHeadConfig head,
      SegmentationLossConfig config,
      List<PredictionSet> sets,
      SegmentationLossInputs in) {
    double[] classWeights = new double[head.classes() + 1];
    java.util.Arrays.fill(classWeights, 1);
    classWeights[head.classes()] = config.noObjectWeight();
    Value weights = o.constantLike(DType.F32, classWeights, classWeights.length);
    Value classification = null;
    Value mask = null;
    Value dice = null;
    for (int s = 0; s < sets.size(); s++) {
      PredictionSet set = sets.get(s);
      long b = set.classLogits().dim(0);
      long q = set.classLogits().dim(1);
      Value logits = o.reshape(set.classLogits(), b * q, head.classes() + 1L);
      Value ce = Losses.crossEntropy(o, logits, row(o, in.classTargets(), s), weights);

      long h = set.maskLogits().dim(2);
      long w = set.maskLogits().dim(3);
      Value allMasks = o.reshape(set.maskLogits(), b * q, h * w);
      Value matched = o.gather(allMasks, row(o, in.matchedQueries(), s), 0);
      long slots = matched.dim(0);
      Value points = row(o, in.points(), s);
      long p = points.dim(1);
      Value x =
          o.reshape(GridSample.sample(o, o.reshape(matched, slots, 1, h, w), points), slots, p);
      Value y = row(o, in.pointTargets(), s);
      Value valid = row(o, in.valid(), s);

      Value bce = o.reduceMean(Losses.sigmoidBinaryCrossEntropy(o, x, y), false, 1);
      Value sig = o.sigmoid(x);
      Value one = o.scalarLike(x, 1);
      Value numerator = o.add(o.mul(o.scalarLike(x, 2), o.reduceSum(o.mul(sig, y), false, 1)), one);
      Value denominator = o.add(o.add(o.reduceSum(sig, false, 1), o.reduceSum(y, false, 1)), one);
      Value diceLoss = o.sub(one, o.div(numerator, denominator));
      Value setMask = o.div(o.reduceSum(o.mul(bce, valid), false), in.maskCount());
      Value setDice = o.div(o.reduceSum(o.mul(diceLoss, valid), false), in.maskCount());

      classification = classification == null ? ce : o.add(classification, ce);
      mask = mask == null ? setMask : o.add(mask, setMask);
      dice = dice == null ? setDice : o.add(dice, setDice);
    }
    Value weightedClass = o.mul(classification, o.scalarLike(classification, config.classWeight()));
    Value weightedMask = o.mul(mask, o.scalarLike(mask, config.maskWeight()));
    Value weightedDice = o.mul(dice, o.scalarLike(dice, config.diceWeight()));
    Value total = o.add(o.add(weightedClass, weightedMask), weightedDice);
    return new Terms(total, weightedClass, weightedMask, weightedDice);
  }

  /** Row {@code s} of a tensor stacked over prediction sets. */
  private static Value row(Ops o, Value stacked, int s) {
    return o.squeeze(o.slice(stacked, 0, s, s + 1), 0);
  }
}

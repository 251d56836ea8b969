package io.visft.heads.detection;

import io.visft.api.DType;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Losses;
import java.util.Arrays;

/**
 * DETR's set loss over every decoder layer, given the matching as graph inputs (see {@link
 * DetectionLossConfig} for the formula).
 *
 * @param total scalar: {@code Σ_layers classWeight · CE + bboxWeight · L1 + giouWeight · (1 −
 *     GIoU)}
 * @param crossEntropy {@code [L]}: the weighted cross-entropy of each layer
 * @param boxL1 {@code [L]}: the summed L1 distance of the matched boxes / number of boxes
 * @param giou {@code [L]}: the summed {@code 1 − GIoU} of the matched boxes / number of boxes
 */
record DetectionLoss(Value total, Value crossEntropy, Value boxL1, Value giou) {

  /** The box put into empty target slots, so that their (discarded) terms stay finite. */
  private static final double[] UNIT_BOX = {0.5, 0.5, 1, 1};

  static DetectionLoss build(
      Ops o, DetectionHeadConfig c, DetectionPredictions p, DetectionTargetInputs t) {
    int layers = p.layers();
    long batch = p.batch();
    Value valid = o.cast(t.targetValid(), DType.F32);
    Value boxCount = o.max(o.reduceSum(valid, false), o.scalarLike(valid, 1));
    Value targets =
        o.where(
            o.unsqueeze(t.targetValid(), 2),
            t.targetBoxes(),
            o.constantLike(DType.F32, UNIT_BOX, 4));

    long[] gatherShape = {layers, batch, t.maxTargets(), 4};
    Value index = o.expand(o.unsqueeze(t.matchedQueries(), 3), gatherShape);
    Value matched = o.gatherElements(p.boxes(), index, 2);
    Value l1 =
        o.reduceSum(o.mul(o.abs(o.sub(matched, targets)), o.unsqueeze(valid, 2)), false, 1, 2, 3);
    Value oneMinusGiou =
        o.sub(o.scalarLike(valid, 1), BoxGeometry.pairedGeneralizedIou(o, matched, targets));
    Value giou = o.reduceSum(o.mul(oneMinusGiou, valid), false, 1, 2);

    Value crossEntropy = crossEntropyPerLayer(o, c, p.logits(), t.queryClasses());
    DetectionLossConfig w = c.loss();
    Value perLayer =
        o.add(
            o.mul(crossEntropy, o.scalarLike(crossEntropy, w.classWeight())),
            o.div(
                o.add(
                    o.mul(l1, o.scalarLike(l1, w.bboxWeight())),
                    o.mul(giou, o.scalarLike(giou, w.giouWeight()))),
                boxCount));
    return new DetectionLoss(
        o.reduceSum(perLayer, false), crossEntropy, o.div(l1, boxCount), o.div(giou, boxCount));
  }

  /** {@code [L]}: weighted cross-entropy of every layer's {@code [B·Q, K+1]} logits. */
  private static Value crossEntropyPerLayer(
      Ops o, DetectionHeadConfig c, Value logits, Value classes) {
    int layers = (int) logits.dim(0);
    long rows = logits.dim(1) * logits.dim(2);
    double[] weights = new double[c.classSlots()];
    Arrays.fill(weights, 1);
    weights[c.noObjectClass()] = c.loss().noObjectWeight();
    Value classWeights = o.constantLike(DType.F32, weights, weights.length);
    Value[] perLayer = new Value[layers];
    for (int l = 0; l < layers; l++) {
      Value layerLogits = o.reshape(o.slice(logits, 0, l, l + 1), rows, c.classSlots());
      Value layerClasses = o.reshape(o.slice(classes, 0, l, l + 1), rows);
      perLayer[l] = o.unsqueeze(Losses.crossEntropy(o, layerLogits, layerClasses, classWeights), 0);
    }
    return o.concat(0, perLayer);
  }

  /** The value of layer {@code L − 1} of a per-layer vector, as a scalar. */
  static Value lastLayer(Ops o, Value perLayer) {
    long layers = perLayer.dim(0);
    return o.squeeze(o.slice(perLayer, 0, layers - 1, layers), 0);
  }
}

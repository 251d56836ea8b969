package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.mask.BinaryMask;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import io.visft.heads.matching.HostMaskCost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The mask costs the forward graph computes ({@link MaskCostGraph}) against the host oracle {@link
 * HostMaskCost}, and the loss inputs of the graph path against those of the host costs for the same
 * points.
 */
class MaskCostGraphTest {
  private static final SegmentationHeadConfig HEAD =
      new SegmentationHeadConfig(8, 32, 4, 4, 1, 4, 32, 2, 32, 5, 3, 16);
  private static final SegmentationLossConfig LOSS =
      SegmentationLossConfig.visft(3).withPoints(200, 64);
  private static final int BATCH = 2;
  private static final int H = 6;
  private static final int W = 7;
  private static final int IMAGE = 24;

  @Test
  void graphCostsAndMatchingEqualTheHostPath() {
    Random r = new Random(5);
    List<HostTensor> classes = new ArrayList<>();
    List<HostTensor> masks = new ArrayList<>();
    for (int s = 0; s < HEAD.predictionSets(); s++) {
      classes.add(random(r, 3, BATCH, HEAD.queries(), HEAD.classes() + 1));
      masks.add(random(r, 4, BATCH, HEAD.queries(), H, W));
    }
    HostPredictions predictions = new HostPredictions(classes, masks);
    List<List<InstanceMask>> instances =
        List.of(List.of(square(0, 2, 2, 12), square(2, 10, 6, 20)), List.of(square(1, 0, 0, 24)));

    SegmentationTargets hostSide = new SegmentationTargets(HEAD, LOSS, 11);
    SegmentationTargets.MatchPoints hostPoints = hostSide.matchPoints(instances);
    Map<String, HostTensor> host =
        hostSide.compute(
            predictions,
            hostPoints,
            costTensor(hostCosts(predictions, hostPoints, true)),
            costTensor(hostCosts(predictions, hostPoints, false)),
            instances);
    SegmentationTargets graphSide = new SegmentationTargets(HEAD, LOSS, 11);
    SegmentationTargets.MatchPoints points = graphSide.matchPoints(instances);

    Graph g = new Graph();
    Ops o = new Ops(g);
    List<PredictionSet> sets = new ArrayList<>();
    Map<String, HostTensor> feeds = new HashMap<>();
    for (int s = 0; s < HEAD.predictionSets(); s++) {
      Value c = g.input("class." + s, DType.F32, classes.get(s).shape());
      Value m = g.input("mask." + s, DType.F32, masks.get(s).shape());
      sets.add(new PredictionSet(c, m));
      feeds.put("mask." + s, masks.get(s));
    }
    feeds.put("points", points.points());
    feeds.put("targets", points.targets());
    MaskCostGraph.Costs costs =
        MaskCostGraph.build(
            o,
            sets,
            g.input("points", DType.F32, points.points().shape()),
            g.input("targets", DType.F32, points.targets().shape()));
    Map<String, HostTensor> out =
        Evaluate.run(g, Map.of("bce", costs.bce(), "dice", costs.dice()), feeds);
    Map<String, HostTensor> viaGraph =
        graphSide.compute(predictions, points, out.get("bce"), out.get("dice"), instances);

    assertEquals(host.keySet(), viaGraph.keySet());
    assertArrayEquals(
        host.get(SegmentationLossInputs.CLASSES).toLongArray(),
        viaGraph.get(SegmentationLossInputs.CLASSES).toLongArray(),
        "matched classes");
    assertArrayEquals(
        host.get(SegmentationLossInputs.MATCHED_QUERIES).toLongArray(),
        viaGraph.get(SegmentationLossInputs.MATCHED_QUERIES).toLongArray(),
        "matched queries");
    assertArrayEquals(
        host.get(SegmentationLossInputs.POINTS).toFloatArray(),
        viaGraph.get(SegmentationLossInputs.POINTS).toFloatArray(),
        "importance-sampled points");
    assertArrayEquals(
        host.get(SegmentationLossInputs.POINT_TARGETS).toFloatArray(),
        viaGraph.get(SegmentationLossInputs.POINT_TARGETS).toFloatArray());

    float[] hostBce = hostCosts(predictions, points, true);
    float[] hostDice = hostCosts(predictions, points, false);
    assertArrayEquals(hostBce, out.get("bce").toFloatArray(), 1e-5f, "BCE costs");
    assertArrayEquals(hostDice, out.get("dice").toFloatArray(), 1e-5f, "dice costs");
  }

  /** {@code [S, B, Q, T]} costs as a tensor. */
  private static HostTensor costTensor(float[] costs) {
    return HostTensor.ofFloats(
        costs, HEAD.predictionSets(), BATCH, HEAD.queries(), LOSS.maxInstances());
  }

  /**
   * The host oracle's costs for every (set, image) at {@code points}, flattened {@code [S, B, Q,
   * T]}.
   */
  private static float[] hostCosts(
      HostPredictions predictions, SegmentationTargets.MatchPoints points, boolean bce) {
    int n = LOSS.matchPoints();
    int slots = LOSS.maxInstances();
    int q = HEAD.queries();
    float[] p = points.points().toFloatArray();
    float[] t = points.targets().toFloatArray();
    float[] out = new float[HEAD.predictionSets() * BATCH * q * slots];
    for (int s = 0; s < HEAD.predictionSets(); s++) {
      float[] masks = predictions.maskLogits().get(s).toFloatArray();
      for (int b = 0; b < BATCH; b++) {
        int unit = s * BATCH + b;
        double[] pts = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
          pts[i] = p[unit * 2 * n + i];
        }
        PointSampler.Taps taps = PointSampler.taps(H, W, pts);
        double[][] x = new double[q][];
        for (int i = 0; i < q; i++) {
          x[i] = PointSampler.sample(masks, (b * q + i) * H * W, taps);
        }
        double[][] y = new double[slots][n];
        for (int k = 0; k < slots; k++) {
          for (int j = 0; j < n; j++) {
            y[k][j] = t[(unit * slots + k) * n + j];
          }
        }
        HostMaskCost.Parts parts = HostMaskCost.parts(x, y);
        for (int i = 0; i < q; i++) {
          for (int k = 0; k < slots; k++) {
            out[(unit * q + i) * slots + k] =
                (float) (bce ? parts.bce()[i][k] : parts.dice()[i][k]);
          }
        }
      }
    }
    return out;
  }

  private static HostTensor random(Random r, double scale, long... shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (scale * r.nextGaussian());
    }
    return HostTensor.ofFloats(v, shape);
  }

  private static InstanceMask square(int label, int top, int left, int side) {
    return new InstanceMask(
        label,
        BinaryMask.rectangle(
            IMAGE, IMAGE, top, left, Math.min(IMAGE, top + side), Math.min(IMAGE, left + side)));
  }
}

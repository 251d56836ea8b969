package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mask2Former's set loss for a given matching and given points, and its gradient with respect to
 * the features, against the PyTorch criterion of tools/fixtures/segmentation_head_fixture.py
 * ({@code set_loss}: weighted CE, grid-sampled BCE and dice on every prediction set).
 */
class SegmentationLossParityTest {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentationLossParityTest.class);
  private static final double RELATIVE = 1e-4;
  private static final int BATCH = 2;
  private static final int SLOTS = 2;
  private static final int POINTS = 16;

  @Test
  void lossAndFeatureGradientMatchPyTorch() {
    SegmentationFixture fixture = SegmentationFixture.load();
    SegmentationHeadConfig config = SegmentationFixture.CONFIG;
    SegmentationLossConfig lossConfig =
        SegmentationLossConfig.visft(SLOTS).withPoints(POINTS, POINTS);
    Graph g = new Graph();
    Ops o = new Ops(g);
    HostTensor features = fixture.tensor("input.features");
    Value x = g.input("features", DType.F32, features.shape());
    SegmentationGraph.Forward forward =
        SegmentationGraph.forward(
            o, config, SegmentationGraph.frozenWeights(g, fixture.params()), x);
    SegmentationLoss.Terms loss =
        SegmentationLoss.build(
            o,
            config,
            lossConfig,
            forward.sets(),
            SegmentationLossInputs.declare(g, config, lossConfig, BATCH));
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put("loss.total", loss.total());
    outputs.put("loss.grad.features", Autodiff.gradients(loss.total(), List.of(x)).get(x));

    Map<String, HostTensor> feeds = new HashMap<>();
    feeds.put("features", features);
    feeds.put(SegmentationLossInputs.CLASSES, integers(fixture.tensor("loss.classes")));
    feeds.put(SegmentationLossInputs.MATCHED_QUERIES, integers(fixture.tensor("loss.matched")));
    feeds.put(SegmentationLossInputs.POINTS, fixture.tensor("loss.points"));
    feeds.put(SegmentationLossInputs.POINT_TARGETS, fixture.tensor("loss.point_targets"));
    feeds.put(SegmentationLossInputs.VALID, fixture.tensor("loss.valid"));
    feeds.put(
        SegmentationLossInputs.MASK_COUNT,
        HostTensor.ofFloats(fixture.tensor("loss.mask_count").toFloatArray()));

    Map<String, HostTensor> actual = Evaluate.run(g, outputs, feeds);
    for (String name : outputs.keySet()) {
      float[] want = fixture.tensor(name).toFloatArray();
      float[] got = actual.get(name).toFloatArray();
      double error = Evaluate.maxAbsDiff(want, got) / Math.max(1e-6, Evaluate.maxAbs(want));
      LOG.info(
          "{}: relative error {} (reference max |value| {})", name, error, Evaluate.maxAbs(want));
      assertTrue(
          error <= RELATIVE, name + ": max |diff| / max |ref| = " + error + " > " + RELATIVE);
    }
  }

  /** The fixture stores integer targets as F32 (exact for these small values). */
  private static HostTensor integers(HostTensor t) {
    float[] f = t.toFloatArray();
    long[] l = new long[f.length];
    for (int i = 0; i < f.length; i++) {
      l[i] = Math.round(f[i]);
    }
    return HostTensor.ofLongs(l, t.shape());
  }
}

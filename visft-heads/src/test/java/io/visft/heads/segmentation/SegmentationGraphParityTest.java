package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forward graph against the PyTorch reference of tools/fixtures/segmentation_head_fixture.py.
 */
class SegmentationGraphParityTest {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentationGraphParityTest.class);
  private static final double RELATIVE = 1e-4;

  @Test
  void everyOutputMatchesPyTorch() {
    SegmentationFixture fixture = SegmentationFixture.load();
    SegmentationHeadConfig config = SegmentationFixture.CONFIG;
    assertEquals(SegmentationParameters.shapes(config).keySet(), fixture.params().keySet());

    Graph g = new Graph();
    Ops o = new Ops(g);
    HostTensor features = fixture.tensor("input.features");
    Value x = g.input("features", DType.F32, features.shape());
    SegmentationGraph.Forward forward =
        SegmentationGraph.forward(
            o, config, SegmentationGraph.frozenWeights(g, fixture.params()), x);
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put("expected.memory", forward.memory());
    outputs.put("expected.mask_features", forward.maskFeatures());
    for (int i = 0; i < forward.sets().size(); i++) {
      outputs.put("expected.class_logits." + i, forward.sets().get(i).classLogits());
      outputs.put("expected.mask_logits." + i, forward.sets().get(i).maskLogits());
    }
    assertEquals(config.decoderLayers() + 1, forward.sets().size());

    Map<String, HostTensor> actual = Evaluate.run(g, outputs, Map.of("features", features));
    for (String name : outputs.keySet()) {
      float[] want = fixture.tensor(name).toFloatArray();
      float[] got = actual.get(name).toFloatArray();
      double scale = Math.max(1e-6, Evaluate.maxAbs(want));
      double error = Evaluate.maxAbsDiff(want, got) / scale;
      LOG.info("{}: relative error {}", name, error);
      assertTrue(
          error <= RELATIVE, name + ": max |diff| / max |ref| = " + error + " > " + RELATIVE);
    }
  }
}

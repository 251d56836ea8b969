package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backward pass against PyTorch autograd (tools/fixtures/segmentation_head_fixture.py): the
 * gradients of {@code Σ_sets Σ (class logits ⊙ c) + Σ (mask logits ⊙ m)} for the fixture's random
 * cotangents, with respect to the input features and every head parameter.
 */
class SegmentationBackwardParityTest {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentationBackwardParityTest.class);
  private static final double RELATIVE = 1e-4;

  @Test
  void gradientsOfFeaturesAndEveryParameterMatchAutograd() {
    SegmentationFixture fixture = SegmentationFixture.load();
    SegmentationHeadConfig config = SegmentationFixture.CONFIG;
    Graph g = new Graph();
    Ops o = new Ops(g);
    HostTensor features = fixture.tensor("input.features");
    Value x = g.input("features", DType.F32, features.shape());
    Map<String, Value> params = SegmentationGraph.trainableInputs(g, config);
    SegmentationGraph.Forward forward = SegmentationGraph.forward(o, config, params, x);
    Map<String, HostTensor> feeds = new HashMap<>(fixture.params());
    feeds.put("features", features);
    Value loss = null;
    for (int i = 0; i < forward.sets().size(); i++) {
      PredictionSet set = forward.sets().get(i);
      for (String kind : List.of("class_logits", "mask_logits")) {
        Value logits = kind.equals("class_logits") ? set.classLogits() : set.maskLogits();
        String name = "cotangent." + kind + "." + i;
        Value term = o.reduceSum(o.mul(logits, g.input(name, DType.F32, logits.shape())), false);
        feeds.put(name, fixture.tensor(name));
        loss = loss == null ? term : o.add(loss, term);
      }
    }
    List<Value> wrt = new ArrayList<>(params.values());
    wrt.add(x);
    Map<Value, Value> grads = Autodiff.gradients(loss, wrt);
    Map<String, Value> outputs = new LinkedHashMap<>();
    params.forEach((name, v) -> outputs.put("grad." + name, grads.get(v)));
    outputs.put("grad.features", grads.get(x));
    assertEquals(params.size() + 1, outputs.size());
    Map<String, Value> run = new LinkedHashMap<>(outputs);
    run.put("loss", loss);

    Map<String, HostTensor> actual = Evaluate.run(g, run, feeds);
    double worst = 0;
    for (String name : outputs.keySet()) {
      float[] want = fixture.tensor(name).toFloatArray();
      float[] got = actual.get(name).toFloatArray();
      double error = Evaluate.maxAbsDiff(want, got) / Math.max(1e-6, Evaluate.maxAbs(want));
      worst = Math.max(worst, error);
      assertTrue(
          error <= RELATIVE, name + ": max |diff| / max |ref| = " + error + " > " + RELATIVE);
    }
    LOG.info("{} gradients match autograd; worst relative error {}", outputs.size(), worst);
  }
}

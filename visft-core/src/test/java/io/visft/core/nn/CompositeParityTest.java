package io.visft.core.nn;

import static io.visft.core.testing.Evaluate.maxAbsDiff;
import static io.visft.core.testing.JsonFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import io.visft.core.testing.JsonFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Composite layers against PyTorch (fixtures from tools/fixtures/nn_fixture.py). */
class CompositeParityTest {
  private static final JsonNode F = JsonFixtures.load("/fixtures/nn/nn.json");

  private static float[] single(Graph g, Value y, Map<String, HostTensor> in) {
    return Evaluate.run(g, Map.of("y", y), in).get("y").toFloatArray();
  }

  @Test
  void geluMatchesTorch() {
    Graph g = new Graph();
    HostTensor x = tensor(F.get("gelu").get("x"));
    Value xv = g.input("x", DType.F32, x.shape());
    float[] y = single(g, new Ops(g).gelu(xv), Map.of("x", x));
    assertTrue(maxAbsDiff(y, tensor(F.get("gelu").get("y")).toFloatArray()) < 1e-6);
  }

  @Test
  void groupNormMatchesTorch() {
    JsonNode c = F.get("group_norm");
    Graph g = new Graph();
    Ops o = new Ops(g);
    HostTensor x = tensor(c.get("x"));
    Value y =
        Normalization.groupNorm(
            o,
            g.input("x", DType.F32, x.shape()),
            c.get("groups").asInt(),
            g.weight("scale", tensor(c.get("scale"))),
            g.weight("bias", tensor(c.get("bias"))),
            1e-5f);
    assertTrue(maxAbsDiff(single(g, y, Map.of("x", x)), tensor(c.get("y")).toFloatArray()) < 1e-5);
  }

  @Test
  void gridSampleMatchesTorchIncludingPointsOutsideTheMap() {
    JsonNode c = F.get("grid_sample");
    Graph g = new Graph();
    HostTensor v = tensor(c.get("values"));
    HostTensor p = tensor(c.get("points"));
    Value y =
        GridSample.sample(
            new Ops(g), g.input("v", DType.F32, v.shape()), g.input("p", DType.F32, p.shape()));
    assertTrue(
        maxAbsDiff(single(g, y, Map.of("v", v, "p", p)), tensor(c.get("y")).toFloatArray()) < 1e-5);
  }

  @Test
  void crossEntropyMatchesTorchWithAndWithoutClassWeights() {
    JsonNode c = F.get("cross_entropy");
    Graph g = new Graph();
    Ops o = new Ops(g);
    HostTensor logits = tensor(c.get("logits"));
    Value l = g.input("logits", DType.F32, logits.shape());
    Value t = g.constant(HostTensor.ofLongs(JsonFixtures.longs(c.get("targets")), 5));
    Value weighted = Losses.crossEntropy(o, l, t, g.weight("w", tensor(c.get("weights"))));
    Value plain = Losses.crossEntropy(o, l, t, null);
    Map<String, HostTensor> out =
        Evaluate.run(g, Map.of("weighted", weighted, "plain", plain), Map.of("logits", logits));
    assertEquals(c.get("y_weighted").asDouble(), out.get("weighted").toFloatArray()[0], 1e-5);
    assertEquals(c.get("y_plain").asDouble(), out.get("plain").toFloatArray()[0], 1e-5);
  }

  @Test
  void binaryCrossEntropyMatchesTorch() {
    JsonNode c = F.get("bce");
    Graph g = new Graph();
    HostTensor x = tensor(c.get("logits"));
    HostTensor t = tensor(c.get("targets"));
    Value y =
        Losses.sigmoidBinaryCrossEntropy(
            new Ops(g), g.input("x", DType.F32, x.shape()), g.input("t", DType.F32, t.shape()));
    assertTrue(
        maxAbsDiff(single(g, y, Map.of("x", x, "t", t)), tensor(c.get("y")).toFloatArray()) < 1e-5);
  }
}

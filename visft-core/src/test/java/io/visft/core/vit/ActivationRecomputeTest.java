package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Node;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Segment;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recomputing each block's forward pass in the backward pass gives the gradients of the stored
 * activations, and the backward pass then reads no activation from inside a block's original
 * forward pass. Res-post-norm blocks (EVA-E) give bit-identical gradients. Pre-norm blocks (EVA-G)
 * agree to float rounding (max difference within 1e-6 of the largest magnitude; measured: one unit
 * in the last place): in the stored forward pass ONNX Runtime's fused residual LayerNorm computes a
 * block's first norm together with the previous block's residual sum, while the recomputed block
 * starts from the stored sum and normalises it with the plain LayerNorm kernel.
 */
class ActivationRecomputeTest {
  private static final long[] PIXELS = {2, 3, 16, 16};

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void gradientsEqualThoseOfStoredActivations(boolean postNorm) {
    EvaConfig config = new EvaConfig(32, 3, 2, 64, 8, 2, postNorm, 1e-6, true);
    Map<String, HostTensor> weights = EvaInit.random(config, 5);
    HostTensor pixels = random(new SplittableRandom(9), PIXELS);
    float[] stored = pixelGradient(config, weights, pixels, ActivationRecompute.OFF);
    float[] recomputed = pixelGradient(config, weights, pixels, ActivationRecompute.ON);
    if (postNorm) {
      assertArrayEquals(stored, recomputed, 0f);
    } else {
      double diff = 0;
      double scale = 0;
      for (int i = 0; i < stored.length; i++) {
        diff = Math.max(diff, Math.abs(stored[i] - recomputed[i]));
        scale = Math.max(scale, Math.abs(stored[i]));
      }
      assertEquals(0, diff / scale, 1e-6);
    }
  }

  @Test
  void theBackwardReadsOnlyBlockInputsFromTheForwardPass() {
    EvaConfig config = new EvaConfig(32, 3, 2, 64, 8, 2, false, 1e-6, true);
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixels", DType.F32, PIXELS);
    Value f =
        EvaBackbone.build(
            g, config, EvaInit.random(config, 5), px, LinearLayer.PLAIN, ActivationRecompute.ON);
    int forwardNodes = g.nodes().size();
    Autodiff.gradients(o.reduceSum(o.mul(f, f), false), List.of(px));

    assertEquals(3, g.segments().size());
    Set<Value> inside = new HashSet<>();
    for (Segment seg : g.segments()) {
      g.nodes().subList(seg.firstNode(), seg.endNode()).forEach(n -> inside.addAll(n.outputs()));
      inside.remove(seg.output());
    }
    List<Node> backward = g.nodes().subList(forwardNodes, g.nodes().size());
    assertFalse(backward.isEmpty());
    for (Node n : backward) {
      assertTrue(
          n.inputs().stream().noneMatch(inside::contains),
          n + " reads a block-internal forward activation");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "ON", " off "})
  void parsesTheSettingInAnyCase(String value) {
    assertEquals(
        value.trim().toUpperCase(java.util.Locale.ROOT),
        ActivationRecompute.parse(value, "--recompute").name());
  }

  @Test
  void rejectsAnUnknownSettingNamingTheField() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ActivationRecompute.parse("sometimes", "activation_recompute"));
    assertTrue(e.getMessage().contains("activation_recompute = 'sometimes'"), e.getMessage());
    assertTrue(e.getMessage().contains("use auto"), e.getMessage());
  }

  @Test
  void autoRecomputesOnlyAboveTheThreshold() {
    EvaConfig evaG = EvaConfig.evaVitG14();
    assertTrue(
        ActivationRecompute.AUTO.recomputes(evaG, 1, 256), "EVA-G at batch 1 keeps about 1.4 GB");
    assertFalse(
        ActivationRecompute.AUTO.recomputes(
            new EvaConfig(384, 12, 6, 1536, 16, 14, false, 1e-6, true), 8, 197),
        "ViT-S/16 at batch 8 keeps about 0.7 GB");
    assertTrue(
        ActivationRecompute.ON.recomputes(
            new EvaConfig(32, 1, 2, 64, 8, 2, false, 1e-6, true), 1, 4));
  }

  private static float[] pixelGradient(
      EvaConfig config,
      Map<String, HostTensor> weights,
      HostTensor pixels,
      ActivationRecompute recompute) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixels", DType.F32, PIXELS);
    Value f = EvaBackbone.build(g, config, weights, px, LinearLayer.PLAIN, recompute);
    Value grad = Autodiff.gradients(o.reduceSum(o.mul(f, f), false), List.of(px)).get(px);
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put("grad", grad);
    try (GraphSession s =
        GraphSession.create(OnnxExporter.export(g, outputs, Map.of()), RuntimeOptions.cpu())) {
      s.setInput("pixels", pixels);
      s.run();
      return s.outputCopy("grad").toFloatArray();
    }
  }

  private static HostTensor random(SplittableRandom rnd, long[] shape) {
    float[] v = new float[Math.toIntExact(HostTensor.numel(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return HostTensor.ofFloats(v, shape);
  }
}

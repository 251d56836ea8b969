package io.visft.core.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.core.vit.LinearLayer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttentionFusionTest {
  /** 3 pre-norm blocks, width 48, 4 heads of 12, on a 3×4 patch grid (non-square, 12 tokens). */
  private static final EvaConfig CONFIG = new EvaConfig(48, 3, 4, 96, 8, 2, false, 1e-6, true);
  private static final long[] PIXELS = {2, 3, 24, 32};

  private static List<String> opTypes(OnnxModel m) throws Exception {
    return ModelProto.parseFrom(m.proto()).getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
  }

  private static HostTensor pixels() {
    SplittableRandom r = new SplittableRandom(11);
    float[] v = new float[(int) HostTensor.numel(PIXELS)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return HostTensor.ofFloats(v, PIXELS);
  }

  private static float[] run(OnnxModel m) {
    try (GraphSession s = GraphSession.create(m, RuntimeOptions.cpu())) {
      return s.run(Map.of("pixels", pixels())).get("features").toFloatArray();
    }
  }

  @Test
  void inferenceAttentionIsOneFusedKernelPerBlockAndAgreesWithStandardOps() throws Exception {
    Graph g = new Graph();
    Value f = EvaBackbone.build(g, CONFIG, EvaInit.random(CONFIG, 3), g.input("pixels", DType.F32, PIXELS),
        LinearLayer.PLAIN);
    OnnxModel fused = OnnxExporter.export(g, Map.of("features", f), Map.of());
    OnnxModel standard = OnnxExporter.exportStandard(g, Map.of("features", f), Map.of());
    List<String> ops = opTypes(fused);
    assertEquals(CONFIG.depth(), ops.stream().filter(AttentionFusion.OP::equals).count(), ops.toString());
    assertFalse(ops.contains("Softmax"), ops.toString());
    assertFalse(opTypes(standard).contains(AttentionFusion.OP));

    float[] got = run(fused);
    float[] want = run(standard);
    double scale = 0;
    double diff = 0;
    for (int i = 0; i < want.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
      diff = Math.max(diff, Math.abs(got[i] - want[i]));
    }
    assertTrue(scale > 0.1, "features should not be near zero: " + scale);
    assertEquals(0, diff / scale, 1e-5, "fused vs standard attention, max difference over max magnitude");
  }

  @Test
  void attentionWhoseSoftmaxTheBackwardPassReadsStaysUnfused() throws Exception {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixels", DType.F32, PIXELS);
    Value f = EvaBackbone.build(g, CONFIG, EvaInit.random(CONFIG, 3), px, LinearLayer.PLAIN, ActivationRecompute.OFF);
    Value grad = Autodiff.gradients(o.reduceSum(o.mul(f, f), false), List.of(px)).get(px);
    List<String> ops = opTypes(OnnxExporter.export(g, Map.of("features", f, "grad", grad), Map.of()));
    assertFalse(ops.contains(AttentionFusion.OP), ops.toString());
    assertEquals(CONFIG.depth(), ops.stream().filter("Softmax"::equals).count());
  }
}

package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Node;
import io.visft.core.graph.Op;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.format.VisftLoraFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where a mixed-precision LoRA gradient graph computes in 16 bits: the E-style fixture backbone
 * with its weights held as F16 (EVA-CLIP .pt), the ViSFT adapter, {@code Σ features ⊙ cotangent}
 * differentiated for every A and B.
 */
class MixedPrecisionGraphTest {
  private static final Pattern LINEAR_WEIGHT =
      Pattern.compile("blocks\\.\\d+\\.(attn\\.qkv|attn\\.proj|mlp\\.fc1|mlp\\.fc2)" + "\\.weight");
  private static final Set<Op> F32_ONLY = Set.of(Op.LAYER_NORMALIZATION, Op.SOFTMAX, Op.GELU);

  private static List<Node> graph(ComputePrecision precision, List<Value> loraInputs)
      throws Exception {
    try (EvaWeightsFile ckpt =
            EvaWeightsFile.open(
                AdaptedBackboneParityTest.FIXTURES.resolve("e_style_clip.pt"),
                AdaptedBackboneParityTest.FIXTURES.resolve("e_style.json").toString(),
                false);
        SafetensorsFile loraFile =
            SafetensorsFile.open(
                AdaptedBackboneParityTest.FIXTURES.resolve("e_style_visft_lora.safetensors"))) {
      assertEquals(
          DType.F16,
          ckpt.weights().get("blocks.0.attn.qkv.weight").dtype(),
          "the fixture holds F16 weights");
      Lora lora = VisftLoraFormat.read(loraFile, "visft", 1.0);
      AdaptedBackbone.GradientGraph gg =
          AdaptedBackbone.gradientGraph(
              ckpt.config(),
              ckpt.weights(),
              lora,
              new long[] {1, 3, 12, 20},
              ActivationRecompute.OFF,
              precision);
      Graph g = gg.graph();
      g.valuesOf(Value.Kind.INPUT).stream()
          .filter(v -> v.name().contains("lora"))
          .forEach(loraInputs::add);
      gg.outputs().values().forEach(v -> assertEquals(DType.F32, v.dtype(), "gradient " + v));
      return g.nodesNeededFor(new ArrayList<>(gg.outputs().values()));
    }
  }

  private static boolean isLinearWeight(Value v) {
    return v != null && v.kind() == Value.Kind.WEIGHT && LINEAR_WEIGHT.matcher(v.name()).matches();
  }

  private static boolean reduced(Value v) {
    return v != null && (v.dtype() == DType.F16 || v.dtype() == DType.BF16);
  }

  @Test
  void fp16ProductsReadTheStoredWeightsAndEverythingElseStaysF32() throws Exception {
    List<Value> lora = new ArrayList<>();
    List<Node> nodes = graph(ComputePrecision.FP16, lora);
    EvaConfig cfg = AdaptedBackboneParityTest.config("e_style");
    int forward = 0;
    int backward = 0;
    for (Node n : nodes) {
      if (n.op() == Op.CAST) {
        assertTrue(!isLinearWeight(n.input(0)), "a linear weight is widened: " + n);
      }
      if (F32_ONLY.contains(n.op())) {
        n.inputs().forEach(v -> assertTrue(!reduced(v), n + " reads 16-bit " + v));
        assertTrue(!reduced(n.output(0)), n + " is 16-bit");
      }
      if (n.inputs().stream().anyMatch(lora::contains)) {
        n.inputs()
            .forEach(v -> assertTrue(!reduced(v), "the LoRA node " + n + " reads 16-bit " + v));
        n.outputs().forEach(v -> assertTrue(!reduced(v), "the LoRA node " + n + " is 16-bit"));
      }
      if (n.op() != Op.GEMM && n.op() != Op.MATMUL) {
        continue;
      }
      if (!reduced(n.output(0))) {
        n.inputs().forEach(v -> assertTrue(!reduced(v), "F32 product " + n + " reads 16-bit " + v));
        continue;
      }
      n.inputs()
          .forEach(
              v ->
                  assertTrue(
                      v == null || v.dtype() == DType.F16, "16-bit product " + n + " reads " + v));
      Value weight = n.input(1);
      assertTrue(
          isLinearWeight(weight), "a 16-bit product reads the stored weight itself, not " + weight);
      if (n.attributes().getInt("transB") == 1) {
        forward++;
        Value x = n.input(0);
        assertSame(
            Op.CAST, x.producer().orElseThrow().op(), "the activation is cast to F16 before " + n);
        assertEquals(DType.F32, x.producer().orElseThrow().input(0).dtype());
      } else {
        backward++;
      }
    }
    int depth = cfg.depth();
    assertEquals(4 * depth, forward, "qkv, proj, fc1 and fc2 of every block in F16");
    assertEquals(
        4 * depth - 1,
        backward,
        "an F16 input-gradient product for every linear but the first block's qkv, whose input needs no gradient");
    assertEquals(4 * depth, lora.size(), "A and B of q and v per block");
    lora.forEach(v -> assertEquals(DType.F32, v.dtype(), "master copy " + v));
  }

  @Test
  void bf16ProductsCastTheF16WeightsToBf16NotToF32() throws Exception {
    int products = 0;
    for (Node n : graph(ComputePrecision.BF16, new ArrayList<>())) {
      if (n.op() == Op.GEMM && n.output(0).dtype() == DType.BF16) {
        products++;
        Node read = n.input(1).producer().orElseThrow();
        assertTrue(
            read.op() == Op.CAST && isLinearWeight(read.input(0)),
            "the weight of " + n + " comes from " + read);
      }
      if (n.op() == Op.CAST && isLinearWeight(n.input(0))) {
        assertEquals(DType.BF16, n.output(0).dtype(), "a linear weight is widened: " + n);
      }
    }
    assertEquals(15, products, "2 blocks: 8 forward products, 7 input-gradient products");
  }

  @Test
  void fp32GraphsHaveNo16BitValueBesidesTheHeldWeights() throws Exception {
    for (Node n : graph(ComputePrecision.FP32, new ArrayList<>())) {
      n.outputs().forEach(v -> assertTrue(!reduced(v), n + " is 16-bit"));
    }
  }
}

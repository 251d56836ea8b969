package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Node;
import io.visft.core.graph.Op;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Similarity;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.core.vit.EvaWeightNames;
import io.visft.lora.format.VisftLoraFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole backbone with int8 frozen weights against the same backbone in fp32: the features and the
 * LoRA gradients (which flow back through the int8 input-gradient products of every later block)
 * agree to a cosine of at least 0.99, and the graph really multiplies on the integer kernel forward
 * and backward.
 */
class Int8FrozenWeightsTest {
  private static final RuntimeOptions FP32 = RuntimeOptions.cpu();
  private static final RuntimeOptions INT8 =
      RuntimeOptions.cpu().withFrozenWeights(FrozenWeights.Precision.INT8);

  /** A backbone, its adapter (B nonzero, so that every A has a gradient) and an input. */
  record Case(
      String label,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      HostTensor pixels) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(fixture("g_style")), Arguments.of(fixture("e_style")), Arguments.of(wider()));
  }

  private static Case fixture(String style) {
    EvaConfig cfg = AdaptedBackboneParityTest.config(style);
    Path dir = AdaptedBackboneParityTest.FIXTURES;
    try (SafetensorsFile w = SafetensorsFile.open(dir.resolve(style + ".safetensors"));
        SafetensorsFile l = SafetensorsFile.open(dir.resolve(style + "_visft_lora.safetensors"));
        SafetensorsFile in = SafetensorsFile.open(dir.resolve(style + "_lora_input.safetensors"))) {
      Map<String, HostTensor> weights = new LinkedHashMap<>();
      w.names()
          .forEach(
              n -> weights.put(n, HostTensor.ofFloats(w.tensor(n).toFloatArray(), w.shape(n))));
      return new Case(
          style + " fixture",
          cfg,
          weights,
          VisftLoraFormat.read(l, "visft", 1.0),
          HostTensor.ofFloats(in.tensor("pixel_values").toFloatArray(), in.shape("pixel_values")));
    }
  }

  /** Random weights at a ViT-like width (96, 3 blocks, MLP 384), an adapter with random B. */
  private static Case wider() {
    EvaConfig cfg = new EvaConfig(96, 3, 3, 384, 8, 4, false, 1e-6, true);
    Lora lora =
        Lora.create(
            "int8",
            LoraConfig.visft().withRank(8).withAlpha(8),
            EvaWeightNames.linearModules(cfg),
            5);
    SplittableRandom rnd = new SplittableRandom(9);
    Map<String, HostTensor> values = new LinkedHashMap<>();
    lora.tensors().forEach((name, t) -> values.put(name, random(rnd, t.shape(), 0.05)));
    lora.load(values);
    return new Case(
        "random 96-wide",
        cfg,
        EvaInit.random(cfg, 4),
        lora,
        random(rnd, new long[] {2, 3, 32, 32}, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void featuresAndLoraGradientsMatchFp32(Case c) {
    HostTensor want = AdaptedBackbone.features(c.config(), c.weights(), c.lora(), c.pixels(), FP32);
    HostTensor got = AdaptedBackbone.features(c.config(), c.weights(), c.lora(), c.pixels(), INT8);
    assertTrue(
        Similarity.cosine(want.toFloatArray(), got.toFloatArray()) >= 0.99,
        c + ": features cosine " + Similarity.cosine(want.toFloatArray(), got.toFloatArray()));
    HostTensor cotangent = random(new SplittableRandom(3), want.shape(), 1);
    Map<String, HostTensor> gradFp32 =
        AdaptedBackbone.gradients(c.config(), c.weights(), c.lora(), c.pixels(), cotangent, FP32);
    Map<String, HostTensor> gradInt8 =
        AdaptedBackbone.gradients(c.config(), c.weights(), c.lora(), c.pixels(), cotangent, INT8);
    assertEquals(List.copyOf(gradFp32.keySet()), List.copyOf(gradInt8.keySet()));
    gradFp32.forEach(
        (name, g) -> {
          double cos = Similarity.cosine(g.toFloatArray(), gradInt8.get(name).toFloatArray());
          assertTrue(cos >= 0.99, c + ": gradient of " + name + " cosine " + cos);
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyBlockLinearRunsOnTheIntegerKernelForwardAndBackward(Case c) {
    Map<String, HostTensor> int8 =
        EvaBackbone.frozenWeights(c.weights(), FrozenWeights.Precision.INT8);
    List<Node> nodes =
        AdaptedBackbone.gradientGraph(
                c.config(),
                int8,
                c.lora(),
                c.pixels().shape(),
                ActivationRecompute.OFF,
                ComputePrecision.FP32)
            .graph()
            .nodes();
    long integer = nodes.stream().filter(n -> n.op() == Op.DYNAMIC_QUANTIZE_MAT_MUL).count();
    long fp32Products =
        nodes.stream()
            .filter(
                n ->
                    (n.op() == Op.GEMM || n.op() == Op.MATMUL)
                        && n.inputs().stream()
                            .anyMatch(
                                v ->
                                    v != null && v.kind() == io.visft.core.graph.Value.Kind.WEIGHT))
            .count();
    // Forward: qkv, proj, fc1, fc2 of every block; backward: the input gradient of each, except the
    // first block's qkv, whose input gradient reaches no adapter.
    assertEquals(4L * c.config().depth() * 2 - 1, integer, c + ": integer products");
    assertEquals(0, fp32Products, c + ": F32 products over frozen weights");
  }

  private static HostTensor random(SplittableRandom rnd, long[] shape, double range) {
    float[] v = new float[(int) HostTensor.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextDouble(-range, range);
    }
    return HostTensor.ofFloats(v, shape);
  }
}

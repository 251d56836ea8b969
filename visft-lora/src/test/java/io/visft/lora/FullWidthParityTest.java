package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Graph;
import io.visft.core.graph.HalfPrecisionEmulation;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.testing.NamedValues;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.format.VisftLoraFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backbones at their real width against float64 PyTorch
 * (tools/fixtures/eva_full_width_fixture.py): two EVA-ViT-G blocks (1408 wide, 16 heads, MLP 6144,
 * pre-norm) and one EVA-ViT-E block (1792 wide, 16 heads, MLP 15360, res-post-norm), with patch
 * embedding, the position grid resized to a non-square input and the final norm, and a ViSFT LoRA
 * of rank 4 on q and v: features and the gradients of Σ features ⊙ cotangent for every lora_A and
 * lora_B within 1e-4 of the largest expected value. Weights, adapter, input and cotangent are
 * generated from their names on both sides ({@link NamedValues}).
 */
class FullWidthParityTest {
  private static final int RANK = 4;

  @TempDir Path dir;

  private static EvaConfig config(String fixture) {
    return fixture.equals("g_full")
        ? EvaConfig.evaVitG14().withDepth(2)
        : EvaConfig.evaVitE14().withDepth(1);
  }

  /** The ViSFT-layout adapter tensors of {@code cfg}, generated from their names. */
  private static Map<String, HostTensor> adapterTensors(EvaConfig cfg) {
    Map<String, HostTensor> adapter = new LinkedHashMap<>();
    for (int i = 0; i < cfg.depth(); i++) {
      String key = "visual.blocks." + i + ".attn.qkv.lora_";
      adapter.put(key + "A", NamedValues.of(key + "A", 2 * RANK, cfg.embedDim()));
      adapter.put(key + "B", NamedValues.of(key + "B", 2L * cfg.embedDim(), RANK));
    }
    return adapter;
  }

  private Lora adapter(EvaConfig cfg) {
    Path adapterFile = dir.resolve("adapter.safetensors");
    SafetensorsWriter.write(adapterFile, adapterTensors(cfg), Map.of());
    try (SafetensorsFile f = SafetensorsFile.open(adapterFile)) {
      return VisftLoraFormat.read(f, "visft", 1.0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"g_full", "e_full"})
  void featuresAndLoraGradientsMatchFloat64PyTorch(String fixture) throws Exception {
    EvaConfig cfg = config(fixture);
    int d = cfg.embedDim();
    Map<String, HostTensor> adapter = adapterTensors(cfg);
    Lora lora = adapter(cfg);
    Map<String, HostTensor> weights = NamedValues.backbone(cfg);
    HostTensor pixels = NamedValues.of("pixel_values", 1, 3, 28, 42);
    try (SafetensorsFile want =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve(fixture + "_expected.safetensors"))) {
      HostTensor features =
          AdaptedBackbone.features(cfg, weights, lora, pixels, RuntimeOptions.cpu());
      assertArrayEquals(new long[] {1, d, 2, 3}, features.shape());
      AdaptedBackboneParityTest.assertClose(
          fixture + " features", want.tensor("features").toFloatArray(), features.toFloatArray());
      Map<String, HostTensor> grads =
          AdaptedBackbone.gradients(
              cfg,
              weights,
              lora,
              pixels,
              NamedValues.of("cotangent", 1, d, 2, 3),
              RuntimeOptions.cpu());
      Map<String, HostTensor> visftGrads = VisftLoraFormat.write(lora, grads, "visual.");
      assertEquals(adapter.keySet(), visftGrads.keySet());
      for (String key : adapter.keySet()) {
        assertArrayEquals(want.shape(key), visftGrads.get(key).shape(), key);
        AdaptedBackboneParityTest.assertClose(
            fixture + " " + key,
            want.tensor(key).toFloatArray(),
            visftGrads.get(key).toFloatArray());
      }
    }
  }

  /**
   * What 16-bit products cost at real width: the mixed-precision step (the graph built for CUDA,
   * run through {@link HalfPrecisionEmulation}) against the float64 reference without rounding, in
   * the 2-norm: at most 2e-3 for FP16 and 2e-2 for BF16 (measured: 2.5e-4 to 1.1e-3 and 2.0e-3 to
   * 7.7e-3).
   */
  @ParameterizedTest
  @CsvSource({
    "g_full, FP16, 2e-3",
    "e_full, FP16, 2e-3",
    "g_full, BF16, 2e-2",
    "e_full, BF16, 2e-2"
  })
  void sixteenBitProductsStayNearFloat64(String fixture, ComputePrecision precision, double bound)
      throws Exception {
    EvaConfig cfg = config(fixture);
    Lora lora = adapter(cfg);
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, 1, 3, 28, 42);
    LoraLinearLayer linear = new LoraLinearLayer(lora, null, precision);
    Value features =
        EvaBackbone.build(g, cfg, NamedValues.backbone(cfg), px, linear, ActivationRecompute.OFF);
    Value cot = g.input("cotangent", DType.F32, features.shape());
    Ops o = new Ops(g);
    Map<Value, Value> grads =
        Autodiff.gradients(
            o.reduceSum(o.mul(features, cot), false),
            new ArrayList<>(linear.trainableInputs().values()));
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put("features", features);
    linear.trainableInputs().forEach((name, v) -> outputs.put("grad/" + name, grads.get(v)));
    HalfPrecisionEmulation.Emulated emulated = HalfPrecisionEmulation.of(outputs);
    Map<String, HostTensor> feeds = new LinkedHashMap<>(lora.tensors());
    feeds.put("pixel_values", NamedValues.of("pixel_values", 1, 3, 28, 42));
    feeds.put("cotangent", NamedValues.of("cotangent", features.shape()));
    Map<String, HostTensor> got = Evaluate.run(emulated.graph(), emulated.outputs(), feeds);
    Map<String, HostTensor> named = new LinkedHashMap<>();
    named.put("features", got.get("features"));
    Map<String, HostTensor> perSite = new LinkedHashMap<>();
    lora.tensors().keySet().forEach(name -> perSite.put(name, got.get("grad/" + name)));
    named.putAll(VisftLoraFormat.write(lora, perSite, "visual."));
    try (SafetensorsFile want =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve(fixture + "_expected.safetensors"))) {
      assertEquals(want.names(), named.keySet());
      for (String key : want.names()) {
        double rel =
            MixedPrecisionParityTest.relative(
                named.get(key).toFloatArray(), want.tensor(key).toFloatArray());
        assertTrue(
            rel <= bound && rel > 1e-6,
            fixture
                + " "
                + precision
                + " "
                + key
                + ": relative error "
                + rel
                + " to float64 without rounding; bound "
                + bound);
      }
    }
  }
}

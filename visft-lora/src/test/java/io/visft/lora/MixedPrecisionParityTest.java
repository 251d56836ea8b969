package io.visft.lora;

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
import io.visft.core.testing.Evaluate;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.format.VisftLoraFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The numbers of a mixed-precision LoRA step, on the CPU: the graph built for CUDA (frozen-weight
 * products in FP16 or BF16) is run through {@link HalfPrecisionEmulation} (F32 with the same
 * rounding points) for features and the gradients of Σ features ⊙ cotangent for every lora_A and
 * lora_B, on the pre-norm and res-post-norm fixture backbones, against float64 PyTorch
 * (tools/fixtures/eva_mixed_fixture.py) with and without the same rounding. What 16-bit products
 * cost against full precision on these EVA-shaped models (relative error in the 2-norm) is bounded:
 * at most 2e-3 for FP16 and 2e-2 for BF16 (measured: 2.2e-4 to 1.2e-3 and 2.6e-3 to 8.7e-3), and it
 * must be the size of the reference's own rounding error (within a factor 3; FP16 and BF16 differ
 * by 8). Element by element the two agree to float rounding (about 1e-7) until float32 and float64
 * arithmetic round one value to neighbouring 16-bit values; later roundings then differ too (seen
 * in the G-style FP16 case), so the element-wise check is {@code LinearMixedPrecisionTest}'s, on
 * one layer. Blocks recomputed in the backward pass give the stored activations' numbers.
 */
class MixedPrecisionParityTest {

  /** ‖got − want‖ / ‖want‖ in the 2-norm. */
  static double relative(float[] got, float[] want) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < want.length; i++) {
      num += ((double) got[i] - want[i]) * ((double) got[i] - want[i]);
      den += (double) want[i] * want[i];
    }
    return Math.sqrt(num / den);
  }

  /**
   * Features and the ViSFT-named LoRA gradients of the fixture {@code style}'s emulated
   * mixed-precision step.
   */
  private static Map<String, HostTensor> emulatedStep(
      String style, ComputePrecision precision, ActivationRecompute recompute) throws Exception {
    EvaConfig cfg = AdaptedBackboneParityTest.config(style);
    var f = AdaptedBackboneParityTest.FIXTURES;
    try (SafetensorsFile w = SafetensorsFile.open(f.resolve(style + ".safetensors"));
        SafetensorsFile loraFile =
            SafetensorsFile.open(f.resolve(style + "_visft_lora.safetensors"));
        SafetensorsFile in = SafetensorsFile.open(f.resolve(style + "_lora_input.safetensors"));
        SafetensorsFile ct =
            SafetensorsFile.open(f.resolve(style + "_lora_cotangent.safetensors"))) {
      Lora lora = VisftLoraFormat.read(loraFile, "visft", 1.0);
      HostTensor pixels = in.tensor("pixel_values");
      Graph g = new Graph();
      Value px = g.input("pixel_values", DType.F32, pixels.shape());
      LoraLinearLayer linear = new LoraLinearLayer(lora, null, precision);
      Value features =
          EvaBackbone.build(g, cfg, AdaptedBackboneParityTest.all(w), px, linear, recompute);
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
      feeds.put("pixel_values", pixels);
      feeds.put("cotangent", ct.tensor("cotangent"));
      Map<String, HostTensor> got = Evaluate.run(emulated.graph(), emulated.outputs(), feeds);
      Map<String, HostTensor> named = new LinkedHashMap<>();
      named.put("features", got.get("features"));
      Map<String, HostTensor> gradsOnly = new LinkedHashMap<>();
      lora.tensors().keySet().forEach(name -> gradsOnly.put(name, got.get("grad/" + name)));
      named.putAll(VisftLoraFormat.write(lora, gradsOnly, "visual."));
      return named;
    }
  }

  @ParameterizedTest
  @CsvSource({
    "g_style, FP16, 2e-3",
    "e_style, FP16, 2e-3",
    "g_style, BF16, 2e-2",
    "e_style, BF16, 2e-2"
  })
  void emulatedRoundingMatchesTheRoundedReferenceAndStaysNearFullPrecision(
      String style, ComputePrecision precision, double bound) throws Exception {
    var f = AdaptedBackboneParityTest.FIXTURES;
    Map<String, HostTensor> named = emulatedStep(style, precision, ActivationRecompute.OFF);
    try (SafetensorsFile rounded =
            SafetensorsFile.open(
                f.resolve(style + "_mixed_" + precision.configName() + ".safetensors"));
        SafetensorsFile full = SafetensorsFile.open(f.resolve(style + "_mixed_fp32.safetensors"))) {
      assertEquals(rounded.names(), named.keySet());
      for (String key : rounded.names()) {
        float[] value = named.get(key).toFloatArray();
        float[] reference = rounded.tensor(key).toFloatArray();
        float[] exact = full.tensor(key).toFloatArray();
        double toFull = relative(value, exact);
        double roundingError = relative(reference, exact);
        String what =
            style
                + " "
                + precision
                + " "
                + key
                + ": relative error "
                + toFull
                + " to full precision, the"
                + " rounding reference's "
                + roundingError
                + " (to it: "
                + relative(value, reference)
                + ")";
        assertTrue(toFull <= bound, what + "; bound " + bound);
        assertTrue(
            toFull >= roundingError / 3 && toFull <= roundingError * 3,
            what + "; the emulated rounding is not of the reference's size");
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"g_style, FP16", "e_style, BF16"})
  void recomputedBlocksGiveTheStoredActivationsNumbers(String style, ComputePrecision precision)
      throws Exception {
    Map<String, HostTensor> stored = emulatedStep(style, precision, ActivationRecompute.OFF);
    Map<String, HostTensor> recomputed = emulatedStep(style, precision, ActivationRecompute.ON);
    assertEquals(stored.keySet(), recomputed.keySet());
    for (String key : stored.keySet()) {
      float[] a = stored.get(key).toFloatArray();
      float[] b = recomputed.get(key).toFloatArray();
      double rel = relative(b, a);
      assertTrue(
          rel <= 1e-6, style + " " + precision + " " + key + ": recomputed differs by " + rel);
    }
  }
}

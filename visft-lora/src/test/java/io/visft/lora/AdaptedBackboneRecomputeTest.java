package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Segment;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.format.VisftLoraFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The recompute setting of {@link AdaptedBackbone#gradients} reaches the graph and leaves the
 * gradients as they were.
 */
class AdaptedBackboneRecomputeTest {
  private static final EvaConfig CFG = AdaptedBackboneParityTest.config("g_style");

  private static Lora adapter() {
    try (SafetensorsFile f =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.safetensors"))) {
      return VisftLoraFormat.read(f, "visft", 1.0);
    }
  }

  private static List<Segment> spans(ActivationRecompute recompute) {
    return AdaptedBackbone.gradientGraph(
            CFG,
            LoraContractTest.weights(),
            adapter(),
            LoraContractTest.pixels().shape(),
            recompute,
            ComputePrecision.FP32)
        .graph()
        .segments();
  }

  @Test
  void onRecomputesEveryBlockAndOffNone() {
    assertEquals(CFG.depth(), spans(ActivationRecompute.ON).size());
    assertEquals(List.of(), spans(ActivationRecompute.OFF));
    assertEquals(
        List.of(),
        spans(ActivationRecompute.AUTO),
        "a fixture-sized backbone stays below the threshold");
  }

  @Test
  void recomputedGradientsEqualStoredOnesWithinFloatRounding() {
    Lora lora = adapter();
    HostTensor pixels = LoraContractTest.pixels();
    HostTensor features =
        AdaptedBackbone.features(
            CFG, LoraContractTest.weights(), lora, pixels, RuntimeOptions.cpu());
    SplittableRandom rnd = new SplittableRandom(3);
    float[] ct = new float[features.toFloatArray().length];
    for (int i = 0; i < ct.length; i++) {
      ct[i] = (float) rnd.nextDouble(-1, 1);
    }
    HostTensor cotangent = HostTensor.ofFloats(ct, features.shape());
    Map<String, HostTensor> stored =
        AdaptedBackbone.gradients(
            CFG,
            LoraContractTest.weights(),
            lora,
            pixels,
            cotangent,
            RuntimeOptions.cpu(),
            ActivationRecompute.OFF);
    Map<String, HostTensor> recomputed =
        AdaptedBackbone.gradients(
            CFG,
            LoraContractTest.weights(),
            lora,
            pixels,
            cotangent,
            RuntimeOptions.cpu(),
            ActivationRecompute.ON);
    assertEquals(List.copyOf(stored.keySet()), List.copyOf(recomputed.keySet()));
    stored.forEach(
        (name, want) -> {
          float[] w = want.toFloatArray();
          float[] got = recomputed.get(name).toFloatArray();
          double scale = 0;
          double diff = 0;
          for (int i = 0; i < w.length; i++) {
            scale = Math.max(scale, Math.abs(w[i]));
            diff = Math.max(diff, Math.abs(w[i] - got[i]));
          }
          assertTrue(scale > 0, name + " has a nonzero gradient");
          assertTrue(
              diff <= 1e-5 * scale,
              name + ": max difference " + diff + " against max magnitude " + scale);
        });
  }
}

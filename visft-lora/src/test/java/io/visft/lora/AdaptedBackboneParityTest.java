package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.format.VisftLoraFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ViSFT LoRA on q and v of the fused qkv, against PyTorch autograd (tools/fixtures/eva_fixture.py):
 * features with the adapter and the gradients of Σ features ⊙ cotangent for lora_A and lora_B, on a
 * non-square input, for pre-norm and res-post-norm backbones.
 */
public class AdaptedBackboneParityTest {
  public static final Path FIXTURES = Path.of("../visft-core/src/test/resources/fixtures/eva");

  public static EvaConfig config(String style) {
    return EvaConfig.fromJson(FIXTURES.resolve(style + ".json"));
  }

  public static Map<String, HostTensor> all(SafetensorsFile f) {
    Map<String, HostTensor> m = new LinkedHashMap<>();
    f.names().forEach(n -> m.put(n, f.tensor(n)));
    return m;
  }

  static void assertClose(String what, float[] expected, float[] got) {
    double diff = Evaluate.maxAbsDiff(got, expected);
    double tol = 1e-4 * Math.max(Evaluate.maxAbs(expected), 1e-6);
    assertTrue(diff <= tol, what + ": max |diff| " + diff + " > " + tol);
  }

  @ParameterizedTest
  @ValueSource(strings = {"g_style", "e_style"})
  void featuresAndGradientsMatchPyTorch(String style) throws Exception {
    EvaConfig cfg = config(style);
    try (SafetensorsFile w = SafetensorsFile.open(FIXTURES.resolve(style + ".safetensors"));
        SafetensorsFile loraFile =
            SafetensorsFile.open(FIXTURES.resolve(style + "_visft_lora.safetensors"));
        SafetensorsFile in =
            SafetensorsFile.open(FIXTURES.resolve(style + "_lora_input.safetensors"));
        SafetensorsFile ct =
            SafetensorsFile.open(FIXTURES.resolve(style + "_lora_cotangent.safetensors"));
        SafetensorsFile wantF =
            SafetensorsFile.open(FIXTURES.resolve(style + "_lora_features.safetensors"));
        SafetensorsFile wantG =
            SafetensorsFile.open(FIXTURES.resolve(style + "_lora_grads.safetensors"))) {
      Lora lora = VisftLoraFormat.read(loraFile, "visft", 1.0);
      assertEquals(4, lora.rank());
      assertEquals(0.25, lora.scaling(), 1e-12);
      Map<String, HostTensor> weights = all(w);
      HostTensor pixels = in.tensor("pixel_values");
      HostTensor feats = AdaptedBackbone.features(cfg, weights, lora, pixels, RuntimeOptions.cpu());
      assertClose(
          style + " features", wantF.tensor("features").toFloatArray(), feats.toFloatArray());

      Map<String, HostTensor> grads =
          AdaptedBackbone.gradients(
              cfg, weights, lora, pixels, ct.tensor("cotangent"), RuntimeOptions.cpu());
      Map<String, HostTensor> visftGrads = VisftLoraFormat.write(lora, grads, "visual.");
      assertEquals(wantG.names(), visftGrads.keySet());
      for (String key : wantG.names()) {
        assertArrayEquals(wantG.shape(key), visftGrads.get(key).shape(), key);
        assertClose(
            style + " " + key,
            wantG.tensor(key).toFloatArray(),
            visftGrads.get(key).toFloatArray());
      }
    }
  }
}

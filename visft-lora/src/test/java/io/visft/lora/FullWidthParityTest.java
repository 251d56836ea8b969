package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.NamedValues;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.format.VisftLoraFormat;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backbones at their real width against float64 PyTorch (tools/fixtures/eva_full_width_fixture.py):
 * two EVA-ViT-G blocks (1408 wide, 16 heads, MLP 6144, pre-norm) and one EVA-ViT-E block (1792 wide,
 * 16 heads, MLP 15360, res-post-norm), with patch embedding, the position grid resized to a non-square
 * input and the final norm, and a ViSFT LoRA of rank 4 on q and v: features and the gradients of
 * Σ features ⊙ cotangent for every lora_A and lora_B within 1e-4 of the largest expected value. Weights,
 * adapter, input and cotangent are generated from their names on both sides ({@link NamedValues}).
 */
class FullWidthParityTest {
  private static final int RANK = 4;

  @TempDir Path dir;

  private static EvaConfig config(String fixture) {
    return fixture.equals("g_full") ? EvaConfig.evaVitG14().withDepth(2) : EvaConfig.evaVitE14().withDepth(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"g_full", "e_full"})
  void featuresAndLoraGradientsMatchFloat64PyTorch(String fixture) throws Exception {
    EvaConfig cfg = config(fixture);
    int d = cfg.embedDim();
    Map<String, HostTensor> adapter = new LinkedHashMap<>();
    for (int i = 0; i < cfg.depth(); i++) {
      String key = "visual.blocks." + i + ".attn.qkv.lora_";
      adapter.put(key + "A", NamedValues.of(key + "A", 2 * RANK, d));
      adapter.put(key + "B", NamedValues.of(key + "B", 2L * d, RANK));
    }
    Path adapterFile = dir.resolve("adapter.safetensors");
    SafetensorsWriter.write(adapterFile, adapter, Map.of());
    Lora lora;
    try (SafetensorsFile f = SafetensorsFile.open(adapterFile)) {
      lora = VisftLoraFormat.read(f, "visft", 1.0);
    }
    Map<String, HostTensor> weights = NamedValues.backbone(cfg);
    HostTensor pixels = NamedValues.of("pixel_values", 1, 3, 28, 42);
    try (SafetensorsFile want = SafetensorsFile.open(AdaptedBackboneParityTest.FIXTURES.resolve(fixture
        + "_expected.safetensors"))) {
      HostTensor features = AdaptedBackbone.features(cfg, weights, lora, pixels, RuntimeOptions.cpu());
      assertArrayEquals(new long[] {1, d, 2, 3}, features.shape());
      AdaptedBackboneParityTest.assertClose(fixture + " features", want.tensor("features").toFloatArray(),
          features.toFloatArray());
      Map<String, HostTensor> grads = AdaptedBackbone.gradients(cfg, weights, lora, pixels,
          NamedValues.of("cotangent", 1, d, 2, 3), RuntimeOptions.cpu());
      Map<String, HostTensor> visftGrads = VisftLoraFormat.write(lora, grads, "visual.");
      assertEquals(adapter.keySet(), visftGrads.keySet());
      for (String key : adapter.keySet()) {
        assertArrayEquals(want.shape(key), visftGrads.get(key).shape(), key);
        AdaptedBackboneParityTest.assertClose(fixture + " " + key, want.tensor(key).toFloatArray(),
            visftGrads.get(key).toFloatArray());
      }
    }
  }
}

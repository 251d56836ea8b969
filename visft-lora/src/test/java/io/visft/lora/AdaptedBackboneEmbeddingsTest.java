package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaLoadOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.format.LoraFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * EVA-CLIP image embeddings through {@link AdaptedBackbone#embeddings}: without an adapter they
 * equal PyTorch's (tools/fixtures/eva_clip_tower_fixture.py); the ViSFT adapter changes them.
 */
class AdaptedBackboneEmbeddingsTest {
  private static final Path FIXTURES =
      Path.of("../visft-core/src/test/resources/fixtures/eva_clip");

  @Test
  void baseEmbeddingsMatchPytorchAndTheAdapterChangesThem() {
    try (EvaWeightsFile ckpt =
            EvaWeightsFile.open(
                FIXTURES.resolve("g_style_tower.pt"),
                EvaConfig.fromJson(FIXTURES.resolve("g_style.json")),
                EvaLoadOptions.defaults().withVisualTower(true));
        SafetensorsFile in =
            SafetensorsFile.open(FIXTURES.resolve("g_style_square_input.safetensors"));
        SafetensorsFile want =
            SafetensorsFile.open(FIXTURES.resolve("g_style_square_embeddings.safetensors"))) {
      HostTensor pixels = in.tensor("pixel_values");
      HostTensor base =
          AdaptedBackbone.embeddings(
              ckpt.config(), ckpt.weights(), null, pixels, RuntimeOptions.cpu());
      float[] expected = want.tensor("embeddings").toFloatArray();
      assertArrayEquals(new long[] {2, 16}, base.shape());
      double diff = Evaluate.maxAbsDiff(base.toFloatArray(), expected);
      assertTrue(diff <= 1e-4 * Evaluate.maxAbs(expected), "max |diff| " + diff);
      Lora lora =
          LoraFiles.read(AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.pt"), 1.0);
      HostTensor adapted =
          AdaptedBackbone.embeddings(
              ckpt.config(), ckpt.weights(), lora, pixels, RuntimeOptions.cpu());
      assertTrue(
          Evaluate.maxAbsDiff(adapted.toFloatArray(), expected) > 10 * diff,
          "the adapter must change the embeddings");
    }
  }
}

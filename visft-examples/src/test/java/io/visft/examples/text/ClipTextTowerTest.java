package io.visft.examples.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.zeroshot.PromptTemplates;
import io.visft.core.eval.zeroshot.TextEmbeddings;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.onnx.OnnxFiles;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny CLIP-like text tower exported from PyTorch (tools/fixtures/clip_text_tower_fixture.py):
 * token ids and embeddings against PyTorch's, in batches smaller than the prompt list, and prompt
 * ensembling through the tower; a fixed-batch tower with an attention mask built in the graph IR.
 */
class ClipTextTowerTest {
  private static final Path DIR = Path.of("src/test/resources/fixtures/text_tower");

  private static ClipTextTower open(int batchSize) {
    return ClipTextTower.open(
        DIR.resolve("text_tower.onnx"),
        TokenizerFileTest.TOKENIZER,
        new ClipTextTowerConfig(0, 0, batchSize),
        RuntimeOptions.cpu());
  }

  @Test
  void tokensAndEmbeddingsMatchPytorch() throws Exception {
    try (SafetensorsFile ref = SafetensorsFile.open(DIR.resolve("reference.safetensors"));
        ClipTextTower tower = open(2)) {
      List<String> prompts =
          List.of(new ObjectMapper().readValue(ref.metadata().get("prompts"), String[].class));
      assertEquals(8, tower.contextLength());
      assertArrayEquals(ref.tensor("input_ids").toLongArray(), tower.tokenIds(prompts));
      FeatureMatrix got = tower.encode(prompts);
      float[] want = ref.tensor("text_embeds").toFloatArray();
      assertEquals(16, got.dim());
      double diff = Evaluate.maxAbsDiff(got.values(), want);
      assertTrue(diff <= 1e-5 * Math.max(1, Evaluate.maxAbs(want)), "max |diff| " + diff);
    }
  }

  @Test
  void classEmbeddingsAreUnitNorm() {
    try (ClipTextTower tower = open(64)) {
      TextEmbeddings e =
          new PromptTemplates(List.of("a photo of a {}.", "a drawing of a {}"))
              .classEmbeddings(tower, List.of("rectangle", "ellipse", "triangle"));
      for (int k = 0; k < 3; k++) {
        double norm = 0;
        for (int c = 0; c < e.dim(); c++) {
          norm += e.vectors().get(k, c) * e.vectors().get(k, c);
        }
        assertEquals(1, norm, 1e-5);
      }
      assertTrue(e.source().contains("text_tower.onnx"), e.source());
    }
  }

  /**
   * A tower built with this library's graph IR and saved with {@link OnnxFiles}: a fixed batch of 2
   * and an attention mask; its embedding is the masked mean of token vectors {@code [id, 1]}.
   */
  @Test
  void fixedBatchModelsAreFedInPaddedBatchesWithAMask(@TempDir Path dir) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value ids = g.input(ClipTextTower.INPUT_IDS, DType.I64, 2, 8);
    Value mask = g.input(ClipTextTower.ATTENTION_MASK, DType.I64, 2, 8);
    float[] table = new float[34 * 2];
    for (int id = 0; id < 34; id++) {
      table[2 * id] = id;
      table[2 * id + 1] = 1;
    }
    Value tokens = o.gather(g.weight("table", HostTensor.ofFloats(table, 34, 2)), ids, 0);
    Value m = o.unsqueeze(o.cast(mask, DType.F32), 2);
    Value sum = o.reduceSum(o.mul(tokens, m), false, 1);
    Value embeds = o.div(sum, o.reduceSum(m, false, 1));
    Path model = dir.resolve("fixed.onnx");
    OnnxFiles.save(OnnxExporter.export(g, Map.of(ClipTextTower.OUTPUT, embeds), Map.of()), model);
    List<String> texts =
        List.of(
            "a triangle",
            "a photo of a red ellipse",
            "shapes",
            "there is one blue shape in the image",
            "two");
    try (ClipTextTower tower =
        ClipTextTower.open(
            model,
            TokenizerFileTest.TOKENIZER,
            new ClipTextTowerConfig(0, 0, 64),
            RuntimeOptions.cpu())) {
      FeatureMatrix got = tower.encode(texts);
      assertEquals(5, got.rows());
      long[] all = tower.tokenIds(texts);
      for (int t = 0; t < texts.size(); t++) {
        double idSum = 0;
        int count = 0;
        for (int c = 0; c < 8; c++) {
          long id = all[t * 8 + c];
          if (c == 0 || id != 0) {
            idSum += id;
            count++;
          }
        }
        assertEquals(idSum / count, got.get(t, 0), 1e-5, texts.get(t));
        assertEquals(1, got.get(t, 1), 1e-6);
      }
    }
  }

  @Test
  void contractViolationsAreNamed() {
    ConfigException context =
        assertThrows(
            ConfigException.class,
            () ->
                ClipTextTower.open(
                    DIR.resolve("text_tower.onnx"),
                    TokenizerFileTest.TOKENIZER,
                    new ClipTextTowerConfig(77, 0, 4),
                    RuntimeOptions.cpu()));
    assertTrue(context.getMessage().contains("fixes it to 8"), context.getMessage());
    FileFormatException missing =
        assertThrows(
            FileFormatException.class,
            () ->
                ClipTextTower.open(
                    DIR.resolve("nope.onnx"),
                    TokenizerFileTest.TOKENIZER,
                    ClipTextTowerConfig.defaults(),
                    RuntimeOptions.cpu()));
    assertTrue(missing.getMessage().contains("nope.onnx"), missing.getMessage());
    FileFormatException tokenizer =
        assertThrows(
            FileFormatException.class,
            () ->
                ClipTextTower.open(
                    DIR.resolve("text_tower.onnx"),
                    DIR.resolve("vocab.txt"),
                    ClipTextTowerConfig.defaults(),
                    RuntimeOptions.cpu()));
    assertTrue(tokenizer.getMessage().contains("vocab.txt"), tokenizer.getMessage());
  }
}

package io.visft.examples.ood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Suite entries of the zero-shot, retrieval and region types: fields, defaults and errors. */
class ZeroShotSuiteFieldsTest {
  @TempDir Path dir;

  private List<BenchmarkSpec> read(String json) throws Exception {
    return SuiteFile.read(Files.writeString(dir.resolve("suite.json"), json));
  }

  private String error(String json) {
    return assertThrows(ConfigException.class, () -> read(json)).getMessage();
  }

  @Test
  void readsTheThreeTypesWithDefaults() throws Exception {
    List<BenchmarkSpec> suite =
        read(
            """
        [{"name": "zs", "type": "zero-shot", "data": {"type": "image-folder", "path": "pets"},
          "text": {"onnx": "text.onnx", "tokenizer": "tokenizer.json", "templates": ["a {}", "the {}"], "context_length": 77}},
         {"name": "ret", "type": "retrieval", "coco": {"annotations": "captions.json", "images": "img"},
          "text": {"embeddings": "captions.safetensors"}},
         {"name": "reg", "type": "region", "coco": {"annotations": "instances.json", "images": "img"}, "roi_size": 5}]
        """);
    BenchmarkSpec zs = suite.get(0);
    assertEquals(dir.resolve("text.onnx"), zs.text().onnx());
    assertEquals(List.of("a {}", "the {}"), zs.text().templates().templates());
    assertEquals(77, zs.text().tower().contextLength());
    assertTrue(zs.needsVisualTower());
    BenchmarkSpec ret = suite.get(1);
    assertEquals(dir.resolve("captions.safetensors"), ret.text().embeddings());
    assertEquals(List.of("a photo of a {}."), ret.text().templates().templates());
    assertEquals(dir.resolve("img"), ret.coco().images());
    BenchmarkSpec reg = suite.get(2);
    assertEquals("probe", reg.region().classifier());
    assertEquals(0.3, reg.region().testFraction());
    assertEquals(5, reg.region().align().outputSize());
    assertNull(reg.text());
    assertTrue(!reg.needsVisualTower());
  }

  @Test
  void explainsWhatIsMissingOrWrong() {
    assertTrue(
        error(
                """
        [{"name": "zs", "type": "zero-shot", "data": {"type": "image-folder", "path": "pets"}}]
        """)
            .contains("a zero-shot benchmark needs 'data' (a data source) and 'text'"));
    assertTrue(
        error(
                """
        [{"name": "r", "type": "retrieval", "coco": {"annotations": "c.json", "images": "i"},
          "text": {"embeddings": "e.safetensors", "onnx": "t.onnx", "tokenizer": "t.json"}}]
        """)
            .contains("either 'embeddings'"));
    assertTrue(
        error(
                """
        [{"name": "r", "type": "retrieval", "coco": {"annotations": "c.json", "images": "i"}, "text": {"onnx": "t.onnx"}}]
        """)
            .contains("both 'onnx' and 'tokenizer'"));
    assertTrue(
        error(
                """
        [{"name": "r", "type": "retrieval", "coco": {"annotations": "c.json"}, "text": {"embeddings": "e.safetensors"}}]
        """)
            .contains("'images'"));
    assertTrue(
        error(
                """
        [{"name": "g", "type": "region", "coco": {"annotations": "c.json", "images": "i"}, "classifier": "knn"}]
        """)
            .contains("'knn'"));
    assertTrue(
        error(
                """
        [{"name": "g", "type": "region", "coco": {"annotations": "c.json", "images": "i"}, "classifier": "zero-shot"}]
        """)
            .contains("classifier zero-shot needs 'text'"));
    assertTrue(
        error(
                """
        [{"name": "zs", "type": "zero-shot", "data": {"type": "image-folder", "path": "p"},
          "text": {"embeddings": "e.safetensors", "prompt": "x"}}]
        """)
            .contains("unknown field 'prompt'"));
    assertTrue(
        error(
                """
        [{"name": "zs", "type": "zero-shot", "data": {"type": "image-folder", "path": "p"},
          "text": {"onnx": "t.onnx", "tokenizer": "t.json", "templates": ["a photo"]}}]
        """)
            .contains("'a photo' must hold exactly one {}"));
    assertTrue(
        error(
                """
        [{"name": "g", "type": "region", "coco": {"annotations": "c.json", "images": "i"}, "roi_size": 0}]
        """)
            .contains("'roi_size' = 0"));
    assertTrue(
        error(
                """
        [{"name": "x", "type": "vqa"}]
        """)
            .contains("is not one of few-shot, linear-probe, zero-shot, retrieval, region"));
  }
}

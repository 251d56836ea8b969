package io.visft.examples.ood;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.ConfigException;
import io.visft.core.eval.RoiAlignConfig;
import io.visft.core.eval.zeroshot.PromptTemplates;
import io.visft.examples.text.ClipTextTowerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the suite fields of the zero-shot, retrieval and region benchmarks ({@link #FORMAT}):
 * {@code text}, {@code coco} and the region settings. Relative paths are resolved against the suite
 * file's folder. Stateless.
 */
final class ZeroShotSuiteFields {
  /** The format of these fields, part of {@link SuiteFile#FORMAT}. */
  static final String FORMAT =
      """
      A text source is {"embeddings": <safetensors file: tensor "embeddings" [N, E] F32 and metadata "visft.texts", a
      JSON list of the N class names or captions>} or {"onnx": <CLIP text tower: input_ids [batch, context] (and
      optionally attention_mask) -> text_embeds [batch, E]>, "tokenizer": <its Hugging Face tokenizer.json>,
      "templates": ["a photo of a {}."], "context_length": <0 = from the model>, "pad_id": 0, "batch_size": 64}.
      Class prompts are averaged over the templates and L2-normalised, as CLIP does. Zero-shot and retrieval score
      the EVA-CLIP visual tower's embeddings (the checkpoint needs visual.head.*), of the text embeddings' width.
      A coco source is {"annotations": <COCO-format JSON>, "images": <folder of its file_names>}.
      """;

  private static final Set<String> TEXT_FIELDS =
      Set.of(
          "embeddings", "onnx", "tokenizer", "templates", "context_length", "pad_id", "batch_size");
  private static final Set<String> COCO_FIELDS = Set.of("annotations", "images");

  private ZeroShotSuiteFields() {}

  /** The {@code text} source of {@code benchmark}, or {@code null}. */
  static TextSourceSpec text(JsonNode benchmark, Path base, Path file) {
    JsonNode t = benchmark.get("text");
    if (t == null) {
      return null;
    }
    SuiteFile.check(t, TEXT_FIELDS, file, "text source");
    ClipTextTowerConfig defaults = ClipTextTowerConfig.defaults();
    ClipTextTowerConfig tower =
        new ClipTextTowerConfig(
            t.path("context_length").asInt(defaults.contextLength()),
            t.path("pad_id").asLong(defaults.padId()),
            t.path("batch_size").asInt(defaults.batchSize()));
    return new TextSourceSpec(
        path(t, "embeddings", base, file),
        path(t, "onnx", base, file),
        path(t, "tokenizer", base, file),
        templates(t.get("templates"), file),
        tower);
  }

  /** The {@code coco} source of {@code benchmark}, or {@code null}. */
  static CocoSourceSpec coco(JsonNode benchmark, Path base, Path file) {
    JsonNode c = benchmark.get("coco");
    if (c == null) {
      return null;
    }
    SuiteFile.check(c, COCO_FIELDS, file, "coco source");
    return new CocoSourceSpec(path(c, "annotations", base, file), path(c, "images", base, file));
  }

  /** The region settings of a {@code region} benchmark, else {@code null}. */
  static RegionSpec region(JsonNode benchmark, String type) {
    if (!BenchmarkSpec.REGION.equals(type)) {
      return null;
    }
    int roiSize = benchmark.path("roi_size").asInt(RoiAlignConfig.detectron2().outputSize());
    if (roiSize <= 0) {
      throw new ConfigException(
          "region 'roi_size' = "
              + roiSize
              + " must be positive (bins per box side; Detectron2 uses 7)");
    }
    return new RegionSpec(
        benchmark.path("classifier").asText(RegionSpec.PROBE),
        benchmark.path("test_fraction").asDouble(0.3),
        benchmark.path("seed").asLong(0),
        RoiAlignConfig.aligned(roiSize, RoiAlignConfig.detectron2().samplingRatio()));
  }

  private static Path path(JsonNode node, String field, Path base, Path file) {
    String value = SuiteFile.text(node, field, "", file);
    return value.isEmpty() ? null : base.resolve(value);
  }

  private static PromptTemplates templates(JsonNode node, Path file) {
    if (node == null) {
      return PromptTemplates.photo();
    }
    if (!node.isArray()) {
      throw new ConfigException(
          "suite file "
              + file
              + ": text 'templates' must be a JSON list of strings with {}, got "
              + node);
    }
    List<String> out = new ArrayList<>();
    node.forEach(t -> out.add(t.asText()));
    return new PromptTemplates(out);
  }
}

package io.visft.examples.ood;

import io.visft.api.ConfigException;
import io.visft.core.eval.zeroshot.PromptTemplates;
import io.visft.core.eval.zeroshot.TextEmbeddings;
import io.visft.core.eval.zeroshot.TextEmbeddingsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.examples.text.ClipTextTower;
import io.visft.examples.text.ClipTextTowerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a benchmark's text embeddings come from: a precomputed file ({@link TextEmbeddingsFile}) or
 * a CLIP text tower ({@link ClipTextTower}: ONNX model plus {@code tokenizer.json}).
 *
 * @param embeddings the precomputed file, or {@code null}
 * @param onnx the text tower model, or {@code null}
 * @param tokenizer the text tower's {@code tokenizer.json}, or {@code null}
 * @param templates prompt templates for class names (a text tower only; a file holds finished rows)
 * @param tower how texts are fed to the tower
 */
public record TextSourceSpec(
    Path embeddings,
    Path onnx,
    Path tokenizer,
    PromptTemplates templates,
    ClipTextTowerConfig tower) {

  public TextSourceSpec {
    boolean file = embeddings != null;
    boolean model = onnx != null || tokenizer != null;
    if (file == model || (model && (onnx == null || tokenizer == null))) {
      throw new ConfigException(
          "a 'text' source needs either 'embeddings' (a safetensors file of precomputed text "
              + "embeddings) or both 'onnx' and 'tokenizer' (a CLIP text tower and its tokenizer.json); got embeddings="
              + embeddings
              + ", onnx="
              + onnx
              + ", tokenizer="
              + tokenizer);
    }
  }

  /** One unit-norm embedding per class name, {@code [K, E]} in the given order. */
  public TextEmbeddings classes(List<String> classNames, RuntimeOptions runtime) {
    if (embeddings != null) {
      TextEmbeddings all = TextEmbeddingsFile.read(embeddings);
      return new TextEmbeddings(classNames, all.rowsOf(classNames, "class name"), all.source());
    }
    try (ClipTextTower t = ClipTextTower.open(onnx, tokenizer, tower, runtime)) {
      return templates.classEmbeddings(t, classNames);
    }
  }

  /** One embedding per caption, {@code [T, E]} in the given order (captions may repeat). */
  public TextEmbeddings captions(List<String> captions, RuntimeOptions runtime) {
    if (embeddings != null) {
      TextEmbeddings all = TextEmbeddingsFile.read(embeddings);
      return new TextEmbeddings(captions, all.rowsOf(captions, "caption"), all.source());
    }
    try (ClipTextTower t = ClipTextTower.open(onnx, tokenizer, tower, runtime)) {
      return new TextEmbeddings(captions, t.encode(captions), t.describe());
    }
  }

  /** A short description for reports. */
  public String describe() {
    return embeddings != null
        ? "text " + embeddings.getFileName()
        : "text tower " + onnx.getFileName();
  }
}

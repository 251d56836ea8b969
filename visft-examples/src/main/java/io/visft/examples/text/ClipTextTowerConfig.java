package io.visft.examples.text;

import io.visft.api.ConfigException;

/**
 * How texts are fed to a CLIP text tower.
 *
 * @param contextLength tokens per text, special tokens included; 0 takes it from the model's {@code
 *     input_ids} shape, which must then fix it
 * @param padId the id that fills the rest of the context (0 for OpenCLIP and EVA-CLIP; Hugging Face
 *     CLIP exports find the end token by argmax and accept any padding below it)
 * @param batchSize texts per run when the model's batch dimension is dynamic, positive
 */
public record ClipTextTowerConfig(int contextLength, long padId, int batchSize) {

  public ClipTextTowerConfig {
    if (contextLength != 0 && contextLength < 2) {
      throw new ConfigException(
          "text tower context_length = "
              + contextLength
              + " must be at least 2 (CLIP uses 77), or 0 to take it from the model");
    }
    if (padId < 0) {
      throw new ConfigException(
          "text tower pad_id = " + padId + " must be >= 0 (0 for OpenCLIP and EVA-CLIP)");
    }
    if (batchSize <= 0) {
      throw new ConfigException("text tower batch size = " + batchSize + " must be positive");
    }
  }

  /** Context length from the model, padding with 0, 64 texts per run. */
  public static ClipTextTowerConfig defaults() {
    return new ClipTextTowerConfig(0, 0, 64);
  }
}

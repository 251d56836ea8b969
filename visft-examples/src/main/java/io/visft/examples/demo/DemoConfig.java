package io.visft.examples.demo;

import io.visft.api.ConfigException;
import io.visft.core.vit.EvaConfig;
import java.nio.file.Path;

/**
 * The demo's settings; {@link #defaults(Path)} are the embedded ones (a few minutes on 2 cores).
 *
 * @param output folder for data, checkpoints and artifacts
 * @param backbone the small EVA-style backbone trained from scratch
 * @param imageSize side of the square images (a multiple of the patch size)
 * @param trainImages in-domain training images
 * @param validationImages in-domain validation images
 * @param heldOutImages images of the held-out synthetic domain for the few-shot probe
 * @param batchSize images per step
 * @param stage1Steps caption-head steps
 * @param stage2Steps LoRA steps
 * @param loraRank LoRA rank
 * @param seed seeds everything
 */
public record DemoConfig(Path output, EvaConfig backbone, int imageSize, int trainImages, int validationImages,
    int heldOutImages, int batchSize, int stage1Steps, int stage2Steps, int loraRank, long seed) {

  public DemoConfig {
    if (imageSize % backbone.patchSize() != 0) {
      throw new ConfigException("demo image size " + imageSize + " must be a multiple of the patch size " + backbone.patchSize());
    }
    if (batchSize < 1 || stage1Steps < 1 || stage2Steps < 1) {
      throw new ConfigException("demo batch size and step counts must be positive");
    }
  }

  /** Embedded defaults: a 4-block, 96-wide EVA-style backbone on 112×112 synthetic scenes. */
  public static DemoConfig defaults(Path output) {
    return new DemoConfig(output, new EvaConfig(96, 4, 4, 256, 14, 8, false, 1e-6, true), 112, 96, 24, 60, 8, 800, 400, 8, 7);
  }
}

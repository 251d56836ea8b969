package io.visft.examples.demo;

import io.visft.api.ConfigException;
import io.visft.core.graph.FrozenWeights;
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
 * @param captionSteps stage-1 steps of the captioning head
 * @param detectionSteps stage-1 steps of the detection head
 * @param segmentationSteps stage-1 steps of the segmentation head
 * @param stage2Steps LoRA steps (one task per step, drawn by the paper's ratios)
 * @param loraRank LoRA rank
 * @param seed seeds everything
 * @param frozenWeights how the backbone's frozen linear weights are held in both stages (FP32)
 */
public record DemoConfig(
    Path output,
    EvaConfig backbone,
    int imageSize,
    int trainImages,
    int validationImages,
    int heldOutImages,
    int batchSize,
    int captionSteps,
    int detectionSteps,
    int segmentationSteps,
    int stage2Steps,
    int loraRank,
    long seed,
    FrozenWeights.Precision frozenWeights) {

  public DemoConfig {
    if (imageSize % backbone.patchSize() != 0) {
      throw new ConfigException(
          "demo image size "
              + imageSize
              + " must be a multiple of the patch size "
              + backbone.patchSize());
    }
    if (batchSize < 1
        || captionSteps < 1
        || detectionSteps < 1
        || segmentationSteps < 1
        || stage2Steps < 1) {
      throw new ConfigException("demo batch size and step counts must be positive");
    }
  }

  /** Embedded defaults: a 4-block, 96-wide EVA-style backbone on 112×112 synthetic scenes. */
  public static DemoConfig defaults(Path output) {
    return new DemoConfig(
        output,
        new EvaConfig(96, 4, 4, 256, 14, 8, false, 1e-6, true),
        112,
        96,
        24,
        60,
        8,
        800,
        400,
        400,
        400,
        8,
        7,
        FrozenWeights.Precision.FP32);
  }

  /** A copy with other step counts (stage 1 per head, and stage 2). */
  public DemoConfig withSteps(int caption, int detection, int segmentation, int stage2) {
    return new DemoConfig(
        output,
        backbone,
        imageSize,
        trainImages,
        validationImages,
        heldOutImages,
        batchSize,
        caption,
        detection,
        segmentation,
        stage2,
        loraRank,
        seed,
        frozenWeights);
  }

  /** A copy with the backbone's frozen linear weights held as {@code precision}. */
  public DemoConfig withFrozenWeights(FrozenWeights.Precision precision) {
    return new DemoConfig(
        output,
        backbone,
        imageSize,
        trainImages,
        validationImages,
        heldOutImages,
        batchSize,
        captionSteps,
        detectionSteps,
        segmentationSteps,
        stage2Steps,
        loraRank,
        seed,
        precision);
  }
}

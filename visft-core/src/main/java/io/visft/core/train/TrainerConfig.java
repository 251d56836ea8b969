package io.visft.core.train;

import io.visft.api.ConfigException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a training run proceeds.
 *
 * @param totalSteps optimizer steps to run
 * @param schedule learning rate per step
 * @param clipNorm global gradient-norm clip (the paper: 0.1); {@code Double.POSITIVE_INFINITY}
 *     disables it
 * @param checkpointEvery write a checkpoint every this many steps (and at the end); 0 disables
 * @param checkpointDir where checkpoints go ({@code null} when disabled)
 * @param taskRatios task name → sampling weight
 * @param seed seeds the task draws
 * @param accumulateSteps micro-batches per optimizer step, whose gradients are averaged (1: none)
 */
public record TrainerConfig(
    long totalSteps,
    LearningRateSchedule schedule,
    double clipNorm,
    long checkpointEvery,
    Path checkpointDir,
    Map<String, Double> taskRatios,
    long seed,
    int accumulateSteps) {

  public TrainerConfig {
    if (totalSteps < 1) {
      throw new ConfigException("total_steps = " + totalSteps + " must be at least 1");
    }
    if (!(clipNorm > 0)) {
      throw new ConfigException(
          "clip_norm = " + clipNorm + " must be positive (the paper uses 0.1)");
    }
    if (checkpointEvery < 0 || (checkpointEvery > 0 && checkpointDir == null)) {
      throw new ConfigException(
          "checkpoint_every = " + checkpointEvery + " needs a checkpoint folder and must be >= 0");
    }
    if (accumulateSteps < 1) {
      throw new ConfigException(
          "accumulate_steps = "
              + accumulateSteps
              + " must be at least 1 (1 turns gradient accumulation off)");
    }
    taskRatios = Collections.unmodifiableMap(new LinkedHashMap<>(taskRatios));
  }
}

package io.visft.api;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The three ViSFT tasks, each with the name configs, files and the command line use for it ({@link
 * #configName()}).
 *
 * <p>Code that means one of these tasks names it by this enum (or by {@link #configName()} where a
 * string is stored). The training engine ({@code io.visft.core.train}: {@code TaskSampler}, {@code
 * TrainerConfig}, {@code TwoStagePipeline}, {@code Trainer}), {@link TaskHead#task()} and {@link
 * TrainingListener#onStart} keep plain string names on purpose: the engine trains any named tasks
 * (a head of another task, or tests' tasks "a" and "b"), and those strings are the keys of
 * checkpoints, metrics and configs. Where the engine meets a ViSFT head, the name is this enum's
 * {@link #configName()}, converted back with {@link #fromConfigName}.
 */
public enum Task {
  /** Image captioning (Show-Attend-Tell). */
  CAPTION("caption"),
  /** Object detection (DETR). */
  DETECTION("detection"),
  /** Instance segmentation (Mask2Former). */
  SEGMENTATION("segmentation");

  private final String configName;

  Task(String configName) {
    this.configName = configName;
  }

  /** The spelling in configs, file metadata ({@code visft.task}) and the command line. */
  public String configName() {
    return configName;
  }

  /**
   * The task spelled {@code name} in a config.
   *
   * @throws ConfigException naming the value and the accepted spellings
   */
  public static Task fromConfigName(String name) {
    for (Task t : values()) {
      if (t.configName.equals(name)) {
        return t;
      }
    }
    throw new ConfigException(
        String.format(
            "task '%s' is not one of %s; spell it as in the configs",
            name, Arrays.stream(values()).map(Task::configName).toList()));
  }

  /**
   * The paper's stage-2 sampling ratios: caption 0.4, detection 0.3, segmentation 0.3 (each step
   * trains the adapter through one head, drawn by these weights).
   */
  public static Map<Task, Double> visftStage2Ratios() {
    Map<Task, Double> r = new EnumMap<>(Task.class);
    r.put(CAPTION, 0.4);
    r.put(DETECTION, 0.3);
    r.put(SEGMENTATION, 0.3);
    return r;
  }

  @Override
  public String toString() {
    return configName;
  }
}

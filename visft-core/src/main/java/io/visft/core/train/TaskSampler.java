package io.visft.core.train;

import io.visft.api.ConfigException;
import io.visft.api.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Draws the task of each step by ratio (ViSFT stage 2: caption 0.4, segmentation 0.3, detection
 * 0.3). The draw is a pure function of (seed, step, ratios), independent of the map's iteration
 * order (tasks are taken in name order), so a resumed or repeated run draws the same tasks.
 */
public final class TaskSampler {
  private final List<String> names = new ArrayList<>();
  private final double[] cumulative;
  private final long seed;

  /**
   * @param ratios task name → positive weight (normalised here)
   */
  public TaskSampler(Map<String, Double> ratios, long seed) {
    if (ratios.isEmpty()) {
      throw new ConfigException(
          "task ratios are empty; give at least one task, e.g. {caption: 0.4, segmentation: 0.3, detection: 0.3}");
    }
    Map<String, Double> byName = new TreeMap<>(ratios);
    double total = 0;
    for (Map.Entry<String, Double> e : byName.entrySet()) {
      if (!(e.getValue() > 0) || Double.isInfinite(e.getValue())) {
        throw new ConfigException(
            "task ratio of '" + e.getKey() + "' = " + e.getValue() + " must be a positive number");
      }
      total += e.getValue();
    }
    cumulative = new double[ratios.size()];
    double acc = 0;
    int i = 0;
    for (Map.Entry<String, Double> e : byName.entrySet()) {
      names.add(e.getKey());
      acc += e.getValue() / total;
      cumulative[i++] = acc;
    }
    cumulative[cumulative.length - 1] = 1.0;
    this.seed = seed;
  }

  /**
   * {@link Task#visftStage2Ratios()} by config name, in the order caption, segmentation, detection
   * (the order fixes which task each seeded draw picks).
   */
  public static Map<String, Double> visftRatios() {
    Map<String, Double> r = new LinkedHashMap<>();
    Map<Task, Double> paper = Task.visftStage2Ratios();
    for (Task t : List.of(Task.CAPTION, Task.SEGMENTATION, Task.DETECTION)) {
      r.put(t.configName(), paper.get(t));
    }
    return r;
  }

  /** The task of step {@code step}. */
  public String taskAt(long step) {
    double u = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step).nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (u < cumulative[i]) {
        return names.get(i);
      }
    }
    return names.get(names.size() - 1);
  }
}

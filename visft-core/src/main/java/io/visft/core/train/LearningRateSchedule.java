package io.visft.core.train;

import io.visft.api.ConfigException;

/** The learning rate as a function of the step (0-based). */
@FunctionalInterface
public interface LearningRateSchedule {

  double at(long step);

  /** The same rate at every step. */
  static LearningRateSchedule constant(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) {
      throw new ConfigException("learning rate = " + lr + " must be a finite number >= 0");
    }
    return step -> lr;
  }

  /**
   * Linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then half a cosine down to 0 at
   * {@code totalSteps} (the paper: 2000 warm-up steps), as Hugging Face's {@code
   * get_cosine_schedule_with_warmup}: {@code peak·s/warmup} while {@code s < warmup}, then {@code
   * peak·½(1 + cos(π·(s − warmup)/(total − warmup)))}.
   */
  static LearningRateSchedule warmupCosine(double peak, long warmupSteps, long totalSteps) {
    constant(peak);
    if (warmupSteps < 0 || totalSteps <= warmupSteps) {
      throw new ConfigException(
          "warm-up steps = "
              + warmupSteps
              + " and total steps = "
              + totalSteps
              + " must satisfy 0 <= warmup < total");
    }
    return step -> {
      if (step < warmupSteps) {
        return peak * step / warmupSteps;
      }
      double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
      return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
    };
  }
}

package io.visft.core.train;

import java.util.Map;

/**
 * A test task around one training session; its data position is the number of batches it has read.
 */
abstract class SessionTask implements TrainingTask {
  private final String name;
  private final TrainingSession session;
  private long next;

  SessionTask(String name, TrainingSession session) {
    this.name = name;
    this.session = session;
  }

  /** Runs {@code session} on batch {@code index} of the task's stream and returns the loss. */
  protected abstract double step(
      TrainingSession session, Parameters parameters, long index, long globalStep);

  @Override
  public final double step(Parameters parameters, long globalStep) {
    return step(session, parameters, next++, globalStep);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, float[]> gradients() {
    return session.gradients();
  }

  @Override
  public Map<String, Long> dataPosition() {
    return Map.of("next", next);
  }

  @Override
  public void seek(Map<String, Long> position) {
    next = position.get("next");
  }

  @Override
  public void close() {
    session.close();
  }
}

package io.visft.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The training tasks one run opened, closed together: {@link #close()} closes each in reverse order
 * of opening, also when an earlier close throws (later failures are added as suppressed), so a task
 * whose opening fails does not leave the ones opened before it running. Not thread-safe.
 */
final class OpenTasks implements AutoCloseable {
  private final List<TrainingTask> tasks = new ArrayList<>();

  /** Opens a task through {@code open} and keeps it for {@link #close()}. */
  TrainingTask open(Supplier<TrainingTask> open) {
    TrainingTask t = open.get();
    tasks.add(t);
    return t;
  }

  /** The tasks opened so far, in order. */
  List<TrainingTask> all() {
    return List.copyOf(tasks);
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (int i = tasks.size() - 1; i >= 0; i--) {
      try {
        tasks.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    tasks.clear();
    if (failure != null) {
      throw failure;
    }
  }
}

package io.visft.heads;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.graph.Value;
import io.visft.core.runtime.GraphSession;
import io.visft.core.train.TrainingSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the detection and segmentation training steps share: a step whose loss needs a matching made
 * in Java between two runs, so it holds two sessions — a forward session whose outputs feed the
 * matching and a {@link TrainingSession} that takes the matched targets and yields the loss and the
 * gradients.
 *
 * <p>Not thread-safe. Close it to free both sessions.
 */
public abstract class MatchedTrainingStep implements AutoCloseable {
  /** The forward run whose outputs the matching reads. */
  protected final GraphSession forward;

  /** The forward and backward run of the loss. */
  protected final TrainingSession training;

  protected MatchedTrainingStep(GraphSession forward, TrainingSession training) {
    this.forward = forward;
    this.training = training;
  }

  /**
   * Builds the rest of a step once its forward session is open: returns what {@code rest} makes,
   * closing {@code forward} when it throws.
   */
  protected static <S extends MatchedTrainingStep> S afterForward(
      GraphSession forward, Supplier<S> rest) {
    try {
      return rest.get();
    } catch (RuntimeException e) {
      forward.close();
      throw e;
    }
  }

  /**
   * The head's trainable inputs followed by the caller's extra ones (e.g. LoRA tensors), by
   * parameter name.
   *
   * @throws IllegalArgumentException naming an extra input that has the name of a head parameter
   */
  protected static Map<String, Value> withExtraInputs(
      Map<String, Value> head, Map<String, Value> extra) {
    Map<String, Value> all = new LinkedHashMap<>(head);
    extra.forEach(
        (name, v) ->
            checkArgument(
                all.put(name, v) == null,
                "extra trainable input '%s' has the name of a head parameter; rename it",
                name));
    return all;
  }

  /** Gradients of the last step by parameter name (arrays reused across steps). */
  public final Map<String, float[]> gradients() {
    return training.gradients();
  }

  @Override
  public final void close() {
    try {
      training.close();
    } finally {
      forward.close();
    }
  }
}

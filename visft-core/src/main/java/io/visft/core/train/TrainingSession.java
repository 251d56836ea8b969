package io.visft.core.train;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training step as one ONNX Runtime run: the graph's inputs are the batch and the trainable
 * tensors, its outputs the loss, metrics and the gradient of the loss for every trainable tensor
 * (built by {@link Autodiff}). Frozen weights stay inside the session.
 *
 * <p>Not thread-safe. Close it to free native memory.
 */
public final class TrainingSession implements AutoCloseable {
  private static final String LOSS = "loss";
  private static final String GRAD = "grad/";
  private static final String METRIC = "metric/";

  private final GraphSession session;
  private final Map<String, Value> trainable;
  private final Map<String, float[]> gradients = new LinkedHashMap<>();

  private TrainingSession(GraphSession session, Map<String, Value> trainable) {
    this.session = session;
    this.trainable = trainable;
    trainable.forEach(
        (name, v) -> gradients.put(name, new float[Math.toIntExact(v.type().numel())]));
  }

  /**
   * @param loss scalar loss
   * @param trainable parameter name → the graph input carrying it
   * @param metrics extra scalar or tensor outputs to report each step
   */
  public static TrainingSession create(
      Value loss,
      Map<String, Value> trainable,
      Map<String, Value> metrics,
      RuntimeOptions runtime) {
    Map<Value, Value> grads = Autodiff.gradients(loss, new ArrayList<>(trainable.values()));
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put(LOSS, loss);
    trainable.forEach(
        (name, v) -> {
          if (v.kind() != Value.Kind.INPUT) {
            throw new ShapeException(
                "trainable tensor '" + name + "' must be a graph input, it is a " + v.kind());
          }
          outputs.put(GRAD + name, grads.get(v));
        });
    metrics.forEach((name, v) -> outputs.put(METRIC + name, v));
    GraphSession s =
        GraphSession.create(
            OnnxExporter.export(loss.graph(), outputs, Map.of("visft.graph", "training-step")),
            runtime);
    return new TrainingSession(s, new LinkedHashMap<>(trainable));
  }

  /**
   * Runs one forward and backward pass with the current parameter values.
   *
   * @param batch values of the non-trainable inputs by input name (unchanged ones may be omitted)
   * @return the loss; gradients are then in {@link #gradients()}
   */
  public double step(Parameters params, Map<String, HostTensor> batch) {
    trainable.forEach((name, v) -> session.input(v.name()).asFloatBuffer().put(params.get(name)));
    batch.forEach(session::setInput);
    session.run();
    for (Map.Entry<String, float[]> e : gradients.entrySet()) {
      session.output(GRAD + e.getKey()).get(e.getValue());
    }
    return session.output(LOSS).get(0);
  }

  /** The gradients of the last step by parameter name (arrays reused across steps). */
  public Map<String, float[]> gradients() {
    return gradients;
  }

  /** A metric of the last step (view overwritten by the next step). */
  public FloatBuffer metric(String name) {
    return session.output(METRIC + name);
  }

  @Override
  public void close() {
    session.close();
  }
}

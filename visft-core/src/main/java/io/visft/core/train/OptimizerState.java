package io.visft.core.train;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks shared by the optimizers' {@code restore}. */
final class OptimizerState {
  private OptimizerState() {}

  static void requireKeys(Map<String, HostTensor> state, Set<String> expected, String optimizer) {
    if (!state.keySet().equals(expected)) {
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(state.keySet());
      Set<String> extra = new TreeSet<>(state.keySet());
      extra.removeAll(expected);
      throw new ShapeException(
          optimizer
              + " state does not match its parameters: missing "
              + missing
              + ", unexpected "
              + extra
              + " (was the checkpoint written for another model or optimizer?)");
    }
  }

  static void copy(Map<String, HostTensor> state, String key, float[] into) {
    HostTensor t = state.get(key);
    if (t.numel() != into.length) {
      throw new ShapeException(
          "optimizer state '" + key + "' has " + t.numel() + " values, expected " + into.length);
    }
    t.floatView().get(into);
  }

  /**
   * The gradient of {@code name}, checked to match its parameter's length, or {@code null} when the
   * step produced none (the parameter is then skipped, as PyTorch skips {@code grad is None}).
   */
  static float[] gradientFor(Map<String, float[]> gradients, String name, float[] param) {
    float[] g = gradients.get(name);
    if (g != null && g.length != param.length) {
      throw new ShapeException(
          "gradient of '" + name + "' has " + g.length + " values, expected " + param.length);
    }
    return g;
  }
}

package io.visft.spark;

import io.visft.core.eval.ExactSums;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.LinearClassifier;
import io.visft.core.eval.ProbeGradient;
import io.visft.core.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link ProbeGradient} sessions of this JVM (an executor, or the driver in local mode): one
 * per block shape and device, built by the first task that needs it and reused by every later step
 * of a linear probe, closed by a JVM shutdown hook. Thread-safe: tasks running at once take turns
 * on a session.
 */
final class ExecutorProbeGradients {
  private static final Map<Key, ProbeGradient> OPEN = new LinkedHashMap<>();
  private static boolean hookAdded;

  private ExecutorProbeGradients() {}

  private record Key(int rows, int dim, int classes, String device) {}

  /** {@link ProbeGradient#accumulate} on this JVM's session for {@code x}'s shape. */
  static double accumulate(
      FeatureMatrix x, int[] labels, LinearClassifier at, ExactSums into, String device) {
    ProbeGradient gradient = get(new Key(x.rows(), x.dim(), at.classes(), device));
    synchronized (gradient) {
      return gradient.accumulate(x, labels, at, into);
    }
  }

  private static synchronized ProbeGradient get(Key key) {
    ProbeGradient gradient = OPEN.get(key);
    if (gradient == null) {
      gradient =
          new ProbeGradient(
              key.rows(), key.dim(), key.classes(), RuntimeOptions.parse(key.device()));
      OPEN.put(key, gradient);
      if (!hookAdded) {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(ExecutorProbeGradients::closeAll, "visft-close-probe-gradients"));
        hookAdded = true;
      }
    }
    return gradient;
  }

  private static synchronized void closeAll() {
    List<ProbeGradient> all = new ArrayList<>(OPEN.values());
    OPEN.clear();
    all.forEach(ProbeGradient::close);
  }
}

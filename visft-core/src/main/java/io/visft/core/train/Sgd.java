package io.visft.core.train;

import io.visft.api.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum as {@code torch.optim.SGD} (dampening 0): {@code g ← g + wd·p};
 * {@code b ← g} on the first step, else {@code b ← μ b + g}; the update direction is {@code b}, or
 * {@code g + μ b} with Nesterov; {@code p ← p − lr·d}.
 */
public final class Sgd implements Optimizer {
  private final Parameters params;
  private final SgdConfig config;
  private final Map<String, float[]> buf = new LinkedHashMap<>();
  private long step;

  public Sgd(Parameters params, SgdConfig config) {
    this.params = params;
    this.config = config;
    params.names().forEach(n -> buf.put(n, new float[params.get(n).length]));
  }

  @Override
  public void step(Map<String, float[]> gradients, double lr) {
    float mu = (float) config.momentum();
    float wd = (float) config.weightDecay();
    for (String name : params.names()) {
      float[] p = params.get(name);
      float[] g = OptimizerState.gradientFor(gradients, name, p);
      if (g == null) {
        continue;
      }
      float[] b = buf.get(name);
      for (int i = 0; i < p.length; i++) {
        float gi = g[i] + wd * p[i];
        float d = gi;
        if (mu != 0) {
          b[i] = step == 0 ? gi : mu * b[i] + gi;
          d = config.nesterov() ? gi + mu * b[i] : b[i];
        }
        p[i] -= (float) lr * d;
      }
    }
    step++;
  }

  @Override
  public long steps() {
    return step;
  }

  @Override
  public Map<String, HostTensor> state() {
    Map<String, HostTensor> s = new LinkedHashMap<>();
    s.put("step", HostTensor.ofLongs(new long[] {step}, 1));
    params.names().forEach(n -> s.put("momentum_buffer/" + n, HostTensor.ofFloats(buf.get(n), params.shape(n))));
    return s;
  }

  @Override
  public void restore(Map<String, HostTensor> state) {
    OptimizerState.requireKeys(state, state().keySet(), "SGD");
    step = state.get("step").data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
    params.names().forEach(n -> OptimizerState.copy(state, "momentum_buffer/" + n, buf.get(n)));
  }
}

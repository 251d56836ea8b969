package io.visft.core.train;

import io.visft.api.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW exactly as {@code torch.optim.AdamW} (amsgrad off): {@code p ← p − lr·wd·p}, then {@code m
 * ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²}, {@code p ← p − lr · (m / (1−β1ᵗ)) / (√(v /
 * (1−β2ᵗ)) + eps)}. Moments are kept in float like PyTorch's fp32 state; bias corrections in
 * double.
 */
public final class AdamW implements Optimizer {
  private static final String STEP = "step";
  private final Parameters params;
  private final AdamWConfig config;
  private final Map<String, float[]> m = new LinkedHashMap<>();
  private final Map<String, float[]> v = new LinkedHashMap<>();
  private long step;

  public AdamW(Parameters params, AdamWConfig config) {
    this.params = params;
    this.config = config;
    for (String name : params.names()) {
      m.put(name, new float[params.get(name).length]);
      v.put(name, new float[params.get(name).length]);
    }
  }

  @Override
  public void step(Map<String, float[]> gradients, double lr) {
    step++;
    double bc1 = 1 - Math.pow(config.beta1(), step);
    double bc2Sqrt = Math.sqrt(1 - Math.pow(config.beta2(), step));
    float b1 = (float) config.beta1();
    float b2 = (float) config.beta2();
    for (String name : params.names()) {
      float[] p = params.get(name);
      float[] g = OptimizerState.gradientFor(gradients, name, p);
      if (g == null) {
        continue;
      }
      float[] mm = m.get(name);
      float[] vv = v.get(name);
      float decay = config.noDecay().contains(name) ? 1f : (float) (1 - lr * config.weightDecay());
      float stepSize = (float) (lr / bc1);
      for (int i = 0; i < p.length; i++) {
        p[i] *= decay;
        mm[i] = mm[i] * b1 + (1 - b1) * g[i];
        vv[i] = vv[i] * b2 + (1 - b2) * g[i] * g[i];
        float denom = (float) (Math.sqrt(vv[i]) / bc2Sqrt + config.eps());
        p[i] -= stepSize * mm[i] / denom;
      }
    }
  }

  @Override
  public long steps() {
    return step;
  }

  @Override
  public Map<String, HostTensor> state() {
    Map<String, HostTensor> s = new LinkedHashMap<>();
    s.put(STEP, HostTensor.ofLongs(new long[] {step}, 1));
    for (String name : params.names()) {
      s.put("exp_avg/" + name, HostTensor.ofFloats(m.get(name), params.shape(name)));
      s.put("exp_avg_sq/" + name, HostTensor.ofFloats(v.get(name), params.shape(name)));
    }
    return s;
  }

  @Override
  public void restore(Map<String, HostTensor> state) {
    OptimizerState.requireKeys(state, state().keySet(), "AdamW");
    step = state.get(STEP).data().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
    for (String name : params.names()) {
      OptimizerState.copy(state, "exp_avg/" + name, m.get(name));
      OptimizerState.copy(state, "exp_avg_sq/" + name, v.get(name));
    }
  }
}

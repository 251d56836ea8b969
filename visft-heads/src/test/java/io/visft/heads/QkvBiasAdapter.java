package io.visft.heads;

import io.visft.api.DType;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.vit.AdapterLayer;
import io.visft.core.vit.LinearLayer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal adapter for tests of the heads' stage 2 (the LoRA module sits downstream of the heads):
 * a trainable additive delta {@code [out]} on every {@code attn.qkv} output, named {@code
 * <module>.delta}. Zero deltas give the base backbone.
 */
final class QkvBiasAdapter implements AdapterLayer {
  private final Map<String, Value> inputs = new LinkedHashMap<>();

  @Override
  public Value apply(Ops o, String module, Value x, Value weight, Value bias) {
    Value y = LinearLayer.PLAIN.apply(o, module, x, weight, bias);
    if (!module.endsWith("attn.qkv")) {
      return y;
    }
    Value delta = o.graph().input(module + ".delta", DType.F32, weight.dim(0));
    inputs.put(module + ".delta", delta);
    return o.add(y, delta);
  }

  @Override
  public Map<String, Value> trainableInputs() {
    return inputs;
  }
}

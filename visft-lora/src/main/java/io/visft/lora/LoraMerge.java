package io.visft.lora;

import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.core.io.TensorConversions;
import io.visft.lora.kernels.LoraKernels;
import io.visft.lora.kernels.LoraKernelsProvider;
import io.visft.lora.kernels.LoraShape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a LoRA adapter into base weights ({@code W += s·B·A} on each site's rows) and undoes it.
 * The adapter is checked for NaN/Inf before anything changes.
 */
public final class LoraMerge {
  private LoraMerge() {}

  /**
   * All of {@code weights} with the adapted layers replaced by merged F32 copies (the inputs are
   * not modified; untouched tensors are shared and keep their stored dtype).
   */
  public static Map<String, HostTensor> merged(Map<String, HostTensor> weights, Lora lora) {
    return apply(weights, lora, 1);
  }

  /** The inverse of {@link #merged}: {@code W -= s·B·A}. */
  public static Map<String, HostTensor> unmerged(Map<String, HostTensor> weights, Lora lora) {
    return apply(weights, lora, -1);
  }

  private static Map<String, HostTensor> apply(
      Map<String, HostTensor> weights, Lora lora, int sign) {
    requireFinite(lora);
    Map<String, float[]> updated = new LinkedHashMap<>();
    try (LoraKernels kernels = LoraKernelsProvider.select()) {
      for (LoraSite site : lora.sites().values()) {
        String key = weightKey(weights, site.module());
        HostTensor w = weights.get(key);
        if (w == null) {
          throw new ShapeException(
              "adapter '"
                  + lora.name()
                  + "' targets '"
                  + site.module()
                  + "' but the weights have no '"
                  + key
                  + "' (nor a weight whose module name the adapter's ends with); check that the adapter was trained on"
                  + " this architecture");
        }
        site.requireFits(lora.name(), key, w.shape());
        float[] values =
            updated.computeIfAbsent(key, k -> TensorConversions.toF32(w, k).toFloatArray());
        int offset = (int) (site.rowOffset() * site.in());
        float[] rows = Arrays.copyOfRange(values, offset, (int) (offset + site.out() * site.in()));
        kernels.merge(
            new LoraShape((int) site.in(), (int) site.out(), lora.rank()),
            rows,
            lora.a(site),
            lora.b(site),
            (float) (sign * lora.scaling()));
        System.arraycopy(rows, 0, values, offset, rows.length);
      }
    }
    Map<String, HostTensor> out = new LinkedHashMap<>(weights);
    updated.forEach((k, v) -> out.put(k, HostTensor.ofFloats(v, weights.get(k).shape())));
    return out;
  }

  /**
   * The key of the weight that adapter module {@code module} adapts (see {@link Lora#adapts}): its
   * own {@code <module>.weight} when present, else the one weight whose module name it ends with.
   */
  private static String weightKey(Map<String, HostTensor> weights, String module) {
    String own = module + ".weight";
    if (weights.containsKey(own)) {
      return own;
    }
    List<String> found =
        weights.keySet().stream()
            .filter(k -> k.endsWith(".weight"))
            .filter(k -> Lora.adapts(module, k.substring(0, k.length() - ".weight".length())))
            .toList();
    return found.size() == 1 ? found.get(0) : own;
  }

  /** Refuses an adapter holding a NaN or infinite value, naming the tensor and position. */
  public static void requireFinite(Lora lora) {
    for (LoraSite site : lora.sites().values()) {
      check(lora, site.nameA(), lora.a(site));
      check(lora, site.nameB(), lora.b(site));
    }
  }

  private static void check(Lora lora, String name, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new NumericException(
            "adapter '"
                + lora.name()
                + "' tensor "
                + name
                + " holds "
                + values[i]
                + " at index "
                + i
                + "; refusing to merge (nothing was changed)");
      }
    }
  }
}

package io.visft.lora;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Dropout;
import io.visft.core.vit.AdapterLayer;
import io.visft.core.vit.LinearLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Injects a {@link Lora} adapter into a backbone graph: each adapted layer computes {@code x Wᵀ + b
 * + s · (drop(x) Aᵀ) Bᵀ}, the frozen W untouched, with A and B as graph inputs (their names are
 * {@link LoraSite#nameA()}/{@link LoraSite#nameB()}) so that gradients flow to them and the trainer
 * feeds their current values each step.
 *
 * <p>The sites of one layer (q and v of a fused qkv, say) are stacked into one update of rank
 * {@code k·r}: {@code A = [A₁; …; A_k]} is {@code [k·r, in]}, and each slice's {@code B [out, r]}
 * is zero-padded to the layer's rows before the blocks are joined side by side into {@code [rows,
 * k·r]}. The second Gemm adds the update onto the base output through its C input, so no tensor of
 * the activations' size is padded, sliced or added, forward or backward.
 *
 * <p>The frozen product {@code x Wᵀ + b} is computed in the layer's {@link ComputePrecision}
 * (16-bit on CUDA when asked); the adapter's path, A, B and the sum stay F32.
 *
 * <p>One instance serves one graph build. Not thread-safe.
 */
public final class LoraLinearLayer implements AdapterLayer {
  private final Lora lora;
  private final Value dropoutSeed;
  private final LinearLayer base;
  private final Map<String, Value> inputs = new LinkedHashMap<>();
  private final List<String> modulesSeen = new ArrayList<>();
  private int dropoutSites;

  /**
   * @param dropoutSeed I64 scalar input driving LoRA dropout in a training graph, or {@code null}
   *     for an inference graph (no dropout)
   */
  public LoraLinearLayer(Lora lora, Value dropoutSeed) {
    this(lora, dropoutSeed, ComputePrecision.FP32);
  }

  /**
   * @param dropoutSeed as in {@link #LoraLinearLayer(Lora, Value)}
   * @param precision what the frozen products are computed in ({@link LinearLayer#plain})
   */
  public LoraLinearLayer(Lora lora, Value dropoutSeed, ComputePrecision precision) {
    this.lora = lora;
    this.dropoutSeed = dropoutSeed;
    this.base = LinearLayer.plain(precision);
  }

  @Override
  public Value apply(Ops o, String module, Value x, Value weight, Value bias) {
    Value y = base.apply(o, module, x, weight, bias);
    modulesSeen.add(module);
    List<LoraSite> sites = lora.sitesOf(module);
    if (sites.isEmpty()) {
      return y;
    }
    if (sites.stream().map(LoraSite::part).distinct().count() < sites.size()) {
      throw new ConfigException(
          "adapter '"
              + lora.name()
              + "' has several modules that adapt '"
              + module
              + "': "
              + sites.stream().map(LoraSite::module).distinct().toList()
              + "; keep one adapter per backbone module");
    }
    sites.forEach(site -> site.requireFits(lora.name(), weight.name(), weight.shape()));
    Value xin = x;
    if (dropoutSeed != null && lora.config().dropout() > 0) {
      xin = Dropout.apply(o, x, lora.config().dropout(), dropoutSeed, 1000 + dropoutSites++);
    }
    long rows = weight.dim(0);
    Value[] as = new Value[sites.size()];
    Value[] bs = new Value[sites.size()];
    for (int i = 0; i < sites.size(); i++) {
      LoraSite site = sites.get(i);
      Value a = o.graph().input(site.nameA(), DType.F32, lora.rank(), site.in());
      Value b = o.graph().input(site.nameB(), DType.F32, site.out(), lora.rank());
      inputs.put(site.nameA(), a);
      inputs.put(site.nameB(), b);
      as[i] = a;
      bs[i] =
          site.out() == rows
              ? b
              : o.pad(b, site.rowOffset(), 0, rows - site.rowOffset() - site.out(), 0);
    }
    Value a = as.length == 1 ? as[0] : o.concat(0, as);
    Value b = bs.length == 1 ? bs[0] : o.concat(1, bs);
    Value low = o.gemm(xin, a, null, 1f, 0f, false, true);
    return o.gemm(low, b, y, (float) lora.scaling(), 1f, false, true);
  }

  /**
   * Checks, once the backbone is built, that every site of the adapter found its module, so that an
   * adapter made for another model fails here rather than being silently left out.
   *
   * @throws ConfigException naming the adapter modules that matched nothing and some backbone
   *     modules
   */
  public void requireAllSitesApplied() {
    List<String> missing =
        lora.sites().values().stream()
            .filter(s -> !inputs.containsKey(s.nameA()))
            .map(LoraSite::module)
            .distinct()
            .toList();
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "adapter '"
              + lora.name()
              + "' targets modules the backbone does not have: "
              + missing.stream().limit(6).toList()
              + (missing.size() > 6 ? " (" + missing.size() + " in all)" : "")
              + "; the backbone's linear modules are named like "
              + modulesSeen.stream().limit(4).toList()
              + ". Check that the adapter was trained on this architecture (--arch) and that its module names end"
              + " with these names.");
    }
  }

  /** The A and B graph inputs created so far, by parameter name. */
  @Override
  public Map<String, Value> trainableInputs() {
    return java.util.Collections.unmodifiableMap(inputs);
  }
}

package io.visft.lora;

import io.visft.api.ConfigException;
import java.util.List;

/**
 * A LoRA adapter's hyper-parameters: {@code ΔW = scaling · B A} with {@code A [r, in]}, {@code B
 * [out, r]}, added to each targeted linear layer.
 *
 * @param r rank, ≥ 1
 * @param alpha scaling numerator
 * @param dropout dropout probability on the LoRA input (training graphs only), in [0, 1)
 * @param useRslora rank-stabilised scaling {@code alpha/√r} instead of {@code alpha/r}
 * @param init initialisation of A (B starts at zero)
 * @param targets the modules adapted
 */
public record LoraConfig(
    int r,
    double alpha,
    double dropout,
    boolean useRslora,
    LoraInit init,
    List<LoraTarget> targets) {

  public LoraConfig {
    if (r < 1) {
      throw new ConfigException(
          "LoraConfig.r = " + r + ": the rank must be at least 1 (ViSFT uses 64)");
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new ConfigException(
          "LoraConfig.alpha = " + alpha + ": must be a positive finite number (ViSFT uses 1)");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ConfigException("LoraConfig.dropout = " + dropout + ": must be in [0, 1)");
    }
    if (init == null) {
      throw new ConfigException(
          "LoraConfig.init is null; use KAIMING_UNIFORM (the PEFT default) or GAUSSIAN");
    }
    if (targets == null || targets.isEmpty()) {
      throw new ConfigException(
          "LoraConfig.targets is empty; name at least one module, e.g. LoraTarget.qkv(\"attn.qkv\", Q, V)");
    }
    targets = List.copyOf(targets);
  }

  /**
   * The paper's stage-2 setting: q and v of every block's fused qkv, r = 64, alpha = 1 (scaling
   * 1/64).
   */
  public static LoraConfig visft() {
    return new LoraConfig(
        64,
        1,
        0,
        false,
        LoraInit.KAIMING_UNIFORM,
        List.of(LoraTarget.qkv("attn.qkv", QkvPart.Q, QkvPart.V)));
  }

  /** The multiplier of {@code B A}: {@code alpha/r}, or {@code alpha/√r} with rsLoRA. */
  public double scaling() {
    return useRslora ? alpha / Math.sqrt(r) : alpha / r;
  }

  public LoraConfig withRank(int newR) {
    return new LoraConfig(newR, alpha, dropout, useRslora, init, targets);
  }

  public LoraConfig withAlpha(double newAlpha) {
    return new LoraConfig(r, newAlpha, dropout, useRslora, init, targets);
  }

  public LoraConfig withDropout(double p) {
    return new LoraConfig(r, alpha, p, useRslora, init, targets);
  }

  public LoraConfig withTargets(List<LoraTarget> newTargets) {
    return new LoraConfig(r, alpha, dropout, useRslora, init, newTargets);
  }

  /** The target selecting {@code module}, if any (the first that matches). */
  public java.util.Optional<LoraTarget> targetFor(String module) {
    return targets.stream().filter(t -> t.matches(module)).findFirst();
  }
}

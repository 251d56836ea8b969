package io.visft.core.vit;

import io.visft.api.ConfigException;
import io.visft.api.ConfigNames;
import io.visft.core.graph.Graph;

/**
 * Whether a training graph keeps every block's activations for the backward pass or only each
 * block's input, recomputing the block's forward pass inside the backward pass ({@link
 * Graph#recomputedInBackward}). Recompute trades one more forward pass per step for activation
 * memory that grows with one block instead of with depth; gradients are the same.
 */
public enum ActivationRecompute {
  /** Recompute when the stored activations would exceed {@link #AUTO_THRESHOLD_BYTES}. */
  AUTO,
  /** Always recompute. */
  ON,
  /** Never recompute: keep every activation. */
  OFF;

  /** Estimated stored activations above which {@link #AUTO} recomputes: 1 GiB. */
  public static final long AUTO_THRESHOLD_BYTES = 1L << 30;

  /**
   * The setting named {@code value}: {@code auto}, {@code on} or {@code off}, in any case.
   *
   * @param field where the value was set (e.g. {@code --recompute} or {@code
   *     activation_recompute}), for the message
   * @throws ConfigException naming {@code field}, the value and the accepted ones
   */
  public static ActivationRecompute parse(String value, String field) {
    return ConfigNames.parse(
        ActivationRecompute.class,
        value,
        field,
        "is not a recompute setting; use auto (recompute blocks when "
            + "their stored activations would exceed 1 GiB), on or off");
  }

  /** Whether blocks of {@code config} on {@code batch × tokens} inputs are recomputed. */
  public boolean recomputes(EvaConfig config, long batch, long tokens) {
    return switch (this) {
      case ON -> true;
      case OFF -> false;
      case AUTO -> storedActivationBytes(config, batch, tokens) > AUTO_THRESHOLD_BYTES;
    };
  }

  /**
   * F32 activations a training graph keeps for the backward pass of all blocks, estimated: per
   * block about ten {@code [B, N, D]} tensors (norms, q/k/v, context, residuals), two {@code [B, N,
   * H]} (the MLP's hidden layer before and after GELU) and two {@code [B, heads, N, N]} (attention
   * scores and weights).
   */
  public static long storedActivationBytes(EvaConfig config, long batch, long tokens) {
    long perBlock =
        batch * tokens * (10L * config.embedDim() + 2L * config.mlpHiddenDim())
            + 2L * batch * config.numHeads() * tokens * tokens;
    return 4 * perBlock * config.depth();
  }
}

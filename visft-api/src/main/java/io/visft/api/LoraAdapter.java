package io.visft.api;

import java.util.Map;

/**
 * A named low-rank adapter for a frozen backbone: for each adapted linear layer (or slice of a
 * fused layer) a pair {@code A [r, in]}, {@code B [out, r]} whose product, times {@link
 * #scaling()}, is added to the layer's weight.
 *
 * <p>Implementations are mutable (training updates the tensors in place) and not thread-safe.
 */
public interface LoraAdapter {

  /** The adapter's name, unique among the adapters of one backbone. */
  String name();

  /** Rank r. */
  int rank();

  /** The multiplier of {@code B A} (alpha/r, or alpha/√r with rsLoRA). */
  double scaling();

  /**
   * The trainable tensors by parameter name, e.g. {@code blocks.3.attn.qkv.q.lora_A} {@code [r,
   * in]} and {@code blocks.3.attn.qkv.q.lora_B} {@code [out, r]}; copies.
   */
  Map<String, HostTensor> tensors();

  /** Replaces the values of existing tensors (names and shapes must match). */
  void load(Map<String, HostTensor> values);
}

package io.visft.lora;

/**
 * One third of the output rows of a fused {@code attn.qkv} linear ({@code [3D, D]} weight): rows
 * {@code [0, D)} are q, {@code [D, 2D)} k, {@code [2D, 3D)} v.
 */
public enum QkvPart {
  Q,
  K,
  V;

  /** First output row of this part for width {@code dim}. */
  public long start(long dim) {
    return ordinal() * dim;
  }
}

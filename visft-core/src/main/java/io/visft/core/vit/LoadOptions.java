package io.visft.core.vit;

/**
 * How {@link KeyCheck} matches a checkpoint against an {@link EvaConfig}.
 *
 * <p>Missing parameters and shape mismatches always fail: nothing is ever filled in silently.
 *
 * @param strict when {@code true}, a backbone name the config does not expect fails the check;
 *     when {@code false} it is reported in {@link CheckpointLayout#unexpected()} and logged
 * @param allowDepthFromCheckpoint when {@code true}, the depth and the presence of the final norm
 *     are taken from the checkpoint rather than the config (LAVIS {@code eva_vit_g.pth} holds 39
 *     blocks and no final norm); every other dimension must still match
 */
public record LoadOptions(boolean strict, boolean allowDepthFromCheckpoint) {

  /** Strict, depth and final norm from the config. */
  public static LoadOptions defaults() {
    return new LoadOptions(true, false);
  }

  /** These options with another {@link #strict()}. */
  public LoadOptions withStrict(boolean newStrict) {
    return new LoadOptions(newStrict, allowDepthFromCheckpoint);
  }

  /** These options with another {@link #allowDepthFromCheckpoint()}. */
  public LoadOptions withDepthFromCheckpoint(boolean allow) {
    return new LoadOptions(strict, allow);
  }
}

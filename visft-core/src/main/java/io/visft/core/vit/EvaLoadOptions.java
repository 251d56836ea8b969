package io.visft.core.vit;

/**
 * How {@link KeyCheck} matches an EVA weights file against an {@link EvaConfig}.
 *
 * <p>Missing parameters and shape mismatches always fail: nothing is ever filled in silently.
 *
 * @param strict when {@code true}, a backbone name the config does not expect fails the check; when
 *     {@code false} it is reported in {@link EvaWeightsLayout#unexpected()} and logged
 * @param allowDepthFromCheckpoint when {@code true}, the depth and the presence of the final norm
 *     are taken from the checkpoint rather than the config (LAVIS {@code eva_vit_g.pth} holds 39
 *     blocks and no final norm); every other dimension must still match
 * @param visualTower when {@code true}, the EVA-CLIP vision tower's extras are expected and loaded
 *     too: {@code cls_token [1, 1, D]}, {@code head.weight [E, D]} and, if present, {@code
 *     head.bias [E]} (for {@link EvaClipTower}); when {@code false} they are ignored
 */
public record EvaLoadOptions(
    boolean strict, boolean allowDepthFromCheckpoint, boolean visualTower) {

  /**
   * How messages name the setting that takes the depth from the checkpoint; a front end that offers
   * it under another name (the command line's {@code --allow-lavis-layout}) puts that name in its
   * place.
   */
  public static final String DEPTH_FROM_CHECKPOINT_SETTING =
      "EvaLoadOptions.defaults().withDepthFromCheckpoint(true)";

  /** Strict, depth and final norm from the config, backbone only. */
  public static EvaLoadOptions defaults() {
    return new EvaLoadOptions(true, false, false);
  }

  /** These options with another {@link #strict()}. */
  public EvaLoadOptions withStrict(boolean newStrict) {
    return new EvaLoadOptions(newStrict, allowDepthFromCheckpoint, visualTower);
  }

  /** These options with another {@link #allowDepthFromCheckpoint()}. */
  public EvaLoadOptions withDepthFromCheckpoint(boolean allow) {
    return new EvaLoadOptions(strict, allow, visualTower);
  }

  /** These options with another {@link #visualTower()}. */
  public EvaLoadOptions withVisualTower(boolean tower) {
    return new EvaLoadOptions(strict, allowDepthFromCheckpoint, tower);
  }
}

package io.visft.core.data.synthetic;

/** Which visual domain a synthetic data set is drawn from. */
public enum SceneDomain {
  /**
   * Training domain: 1 to 4 solid-coloured shapes on smooth noisy gratings; images sit directly in
   * {@code images/}.
   */
  IN_DOMAIN,
  /**
   * Held-out domain for few-shot probes: one shape per image filled with two-tone stripes on a
   * checkerboard or striped background; images sit in one folder per class, {@code
   * images/<shape>/}.
   */
  HELD_OUT
}

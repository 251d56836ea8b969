package io.visft.heads.caption;

/** What {@link CaptionCodec} does with a caption that has more words than its maximum. */
public enum LengthPolicy {
  /** Throw {@link io.visft.api.ShapeException}; filter such captions out beforehand. */
  REJECT,
  /** Keep the first {@code maxWords} words, then {@code <end>}. */
  TRUNCATE
}

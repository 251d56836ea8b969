package io.visft.heads.detection;

/** What {@link ImageTargets} does with a ground-truth box that extends beyond the image. */
public enum OutsideImagePolicy {
  /**
   * Clip the box to the image, as DETR's data pipeline does; a box that keeps no area inside the
   * image is still rejected.
   */
  CLIP,
  /** Reject the box, naming it and the image size. */
  REJECT
}

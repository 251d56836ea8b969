package io.visft.heads.metrics;

/** What a COCO evaluation compares: boxes or instance masks. */
public enum IouType {
  /** Box IoU ({@code "bbox"}); detections need a box or a mask to derive one from. */
  BBOX("bbox"),
  /** Mask IoU ({@code "segm"}); detections and ground truths need segmentations. */
  SEGM("segm");

  private final String cocoName;

  IouType(String cocoName) {
    this.cocoName = cocoName;
  }

  /** The name the COCO tools use: {@code "bbox"} or {@code "segm"}. */
  public String cocoName() {
    return cocoName;
  }
}

package io.visft.core.data.coco;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.geometry.Box;
import java.util.Objects;
import java.util.Optional;

/**
 * An object instance of a COCO instances file.
 *
 * @param id annotation id
 * @param imageId the image the object is in
 * @param categoryId the object's category
 * @param bbox the object's box in {@code [x, y, width, height]} pixels
 * @param area the area stored in the file (the mask's pixel area for COCO); evaluation uses it for
 *     the small/medium/large ranges
 * @param crowd whether the annotation marks a crowd region ({@code iscrowd}); crowd regions use
 *     run-length masks and are ignored, not missed, in evaluation
 * @param segmentation the object's mask, absent for box-only data
 */
public record InstanceAnnotation(
    long id,
    long imageId,
    long categoryId,
    Box bbox,
    double area,
    boolean crowd,
    Optional<Segmentation> segmentation) {

  /** Validates the area and that box and segmentation are given. */
  public InstanceAnnotation {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(segmentation, "segmentation");
    checkArgument(
        Double.isFinite(area) && area >= 0,
        "annotation %s has area %s; expected a finite value >= 0",
        id,
        (Double) area);
  }
}

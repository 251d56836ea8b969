package io.visft.core.data.coco;

import java.util.Objects;

/**
 * A caption annotation of a COCO captions file.
 *
 * @param id annotation id
 * @param imageId the captioned image
 * @param caption the caption text as written in the file
 */
public record CaptionAnnotation(long id, long imageId, String caption) {

  /** Checks that the caption is present. */
  public CaptionAnnotation {
    Objects.requireNonNull(caption, "caption");
  }
}

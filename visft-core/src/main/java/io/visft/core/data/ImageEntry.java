package io.visft.core.data;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.transform.BinaryMask;
import io.visft.core.data.transform.InstanceTarget;
import java.nio.file.Path;
import java.util.List;

/**
 * One image of a data set as the batcher loads it: where the file is, the size the annotations
 * declare, and the objects in that frame.
 *
 * @param id the data set's image id (COCO {@code images[].id}), used in reports
 * @param file the image file (JPEG or PNG)
 * @param width declared width; a decoded image of another size is a bad sample
 * @param height declared height
 * @param instances objects in pixel coordinates of the declared size; masks, if any, of that size
 */
public record ImageEntry(long id, Path file, int width, int height, List<InstanceTarget> instances) {

  public ImageEntry {
    checkArgument(file != null, "image entry %s has no file", id);
    checkArgument(width > 0 && height > 0, "image entry %s (%s) declares a %sx%s size", id, file, width, height);
    instances = List.copyOf(instances);
    for (InstanceTarget t : instances) {
      BinaryMask m = t.mask();
      checkArgument(
          m == null || (m.height() == height && m.width() == width),
          "image entry %s (%s) is %sx%s but has a %sx%s instance mask",
          id, file, height, width, m == null ? 0 : m.height(), m == null ? 0 : m.width());
    }
  }
}

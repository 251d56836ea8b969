package io.visft.core.data.coco;

import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads COCO result files: a JSON array of {@code {"image_id", "category_id", "score", "bbox": [x,
 * y, w, h]}} and/or {@code "segmentation": {"size": [h, w], "counts": "..."}} objects, as written
 * by detectors for the official evaluation.
 */
public final class CocoResultsReader {
  private static final Logger LOG = LoggerFactory.getLogger(CocoResultsReader.class);

  private CocoResultsReader() {}

  /**
   * Reads every detection of a result file, in file order (which breaks score ties in evaluation).
   *
   * @throws io.visft.api.FileFormatException if the file is not a result array or an entry is
   *     malformed; the message names the file, the entry index and the field
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static List<CocoDetection> read(Path resultsJson) {
    List<CocoDetection> detections = List.copyOf(CocoJsonReader.readResults(resultsJson));
    LOG.info("Read {} detections from {}", detections.size(), resultsJson);
    return detections;
  }
}

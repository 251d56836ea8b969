package io.visft.core.data.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.core.data.geometry.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoResultsReaderTest {
  @TempDir Path folder;

  @Test
  void readsBoxAndMaskResultsInFileOrder() throws IOException {
    String json =
        """
        [{"image_id": 7, "category_id": 18, "bbox": [1.5, 2, 3, 4], "score": 0.9},
         {"image_id": 7, "category_id": 1, "score": 0.25,
          "segmentation": {"size": [5, 5], "counts": "62309"}},
         {"image_id": 9, "category_id": 1, "score": 0.5, "bbox": [],
          "segmentation": {"size": [5, 5], "counts": "62309"}}]
        """;
    List<CocoDetection> detections = CocoResultsReader.read(write(json));
    Segmentation mask = new Segmentation.CompressedRle(5, 5, "62309");
    assertEquals(
        List.of(
            CocoDetection.ofBox(7, 18, 0.9, Box.fromXywh(1.5, 2, 3, 4)),
            CocoDetection.ofMask(7, 1, 0.25, mask),
            new CocoDetection(9, 1, 0.5, Optional.empty(), Optional.of(mask))),
        detections);
  }

  @Test
  void missingScoreNamesTheResult() throws IOException {
    FileFormatException error =
        assertThrows(
            FileFormatException.class,
            () ->
                CocoResultsReader.read(
                    write("[{\"image_id\": 1, \"category_id\": 2, \"bbox\": [0, 0, 1, 1]}]")));
    assertEquals(
        "results.json: result #0: field 'score': missing; every result needs it",
        error.getMessage());
  }

  @Test
  void resultWithoutBoxOrMaskIsRejected() throws IOException {
    FileFormatException error =
        assertThrows(
            FileFormatException.class,
            () ->
                CocoResultsReader.read(
                    write("[{\"image_id\": 1, \"category_id\": 2, \"score\": 1}]")));
    assertTrue(error.getMessage().startsWith("results.json: result #0: field 'bbox': missing"));
  }

  @Test
  void topLevelMustBeAnArray() throws IOException {
    FileFormatException error =
        assertThrows(
            FileFormatException.class,
            () -> CocoResultsReader.read(write("{\"annotations\": []}")));
    assertTrue(
        error.getMessage().startsWith("results.json: the top level is a JSON object"),
        error.getMessage());
  }

  @Test
  void contentAfterTheResultsArrayIsRefused() throws IOException {
    FileFormatException error =
        assertThrows(
            FileFormatException.class, () -> CocoResultsReader.read(write("[] {\"image_id\": 1}")));
    assertTrue(
        error.getMessage().contains("content follows the end of the JSON value"),
        error.getMessage());
  }

  private Path write(String json) throws IOException {
    return Files.writeString(folder.resolve("results.json"), json);
  }
}

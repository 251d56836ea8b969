package io.visft.core.data.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.core.data.geometry.Box;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoDatasetTest {
  private static final String INSTANCES =
      """
      {"info": {"year": 2017}, "licenses": [{"id": 1, "name": "x"}],
       "images": [
         {"id": 7, "file_name": "000000000007.jpg", "width": 6, "height": 5, "license": 1},
         {"id": 9, "file_name": "000000000009.jpg", "width": 4, "height": 3}],
       "categories": [
         {"id": 1, "name": "person", "supercategory": "person"},
         {"id": 18, "name": "dog"}],
       "annotations": [
         {"id": 100, "image_id": 7, "category_id": 18, "bbox": [1, 1, 2, 2], "area": 4,
          "iscrowd": 0, "segmentation": [[1, 1, 3, 1, 3, 3, 1, 3]]},
         {"id": 101, "image_id": 7, "category_id": 1, "bbox": [0, 0, 6, 5], "area": 12.5,
          "iscrowd": 1, "segmentation": {"size": [5, 6], "counts": [2, 3, 25]}},
         {"id": 102, "image_id": 9, "category_id": 1, "bbox": [0.5, 0.5, 1.25, 2],
          "area": 2, "iscrowd": 0, "segmentation": {"size": [3, 4], "counts": "0<"}},
         {"id": 103, "image_id": 9, "category_id": 18, "bbox": [0, 0, 1, 1], "area": 1}]}
      """;

  @TempDir Path folder;

  @Test
  void readsInstancesAndIndexesThemByImage() throws IOException {
    CocoDataset dataset = CocoDataset.read(write("instances.json", INSTANCES));
    assertEquals("instances.json", dataset.source());
    assertEquals(
        List.of(
            new CocoImage(7, "000000000007.jpg", 6, 5), new CocoImage(9, "000000000009.jpg", 4, 3)),
        dataset.images());
    assertEquals(new CocoCategory(18, "dog", ""), dataset.category(18).orElseThrow());
    assertEquals(4, dataset.instances().size());
    assertEquals(
        List.of(100L, 101L), dataset.instances(7).stream().map(InstanceAnnotation::id).toList());
    assertEquals(
        List.of(102L, 103L), dataset.instances(9).stream().map(InstanceAnnotation::id).toList());
    assertTrue(dataset.instances(8).isEmpty());
    assertTrue(dataset.image(8).isEmpty());
  }

  @Test
  void readsEachSegmentationForm() throws IOException {
    CocoDataset dataset = CocoDataset.read(write("instances.json", INSTANCES));
    InstanceAnnotation polygon = dataset.instances(7).get(0);
    assertEquals(Box.fromXywh(1, 1, 2, 2), polygon.bbox());
    assertFalse(polygon.crowd());
    assertEquals(
        new Segmentation.Polygons(List.of(new double[] {1, 1, 3, 1, 3, 3, 1, 3})),
        polygon.segmentation().orElseThrow());
    assertEquals(4, polygon.segmentation().orElseThrow().toRle(5, 6).area());

    InstanceAnnotation crowd = dataset.instances(7).get(1);
    assertTrue(crowd.crowd());
    assertEquals(12.5, crowd.area());
    assertEquals(
        new Segmentation.UncompressedRle(5, 6, List.of(2, 3, 25)),
        crowd.segmentation().orElseThrow());

    Segmentation compressed = dataset.instances(9).get(0).segmentation().orElseThrow();
    assertEquals(new Segmentation.CompressedRle(3, 4, "0<"), compressed);
    assertEquals(12, compressed.toRle(3, 4).area());

    assertEquals(Optional.empty(), dataset.instances(9).get(1).segmentation());
  }

  @Test
  void readsCaptions() throws IOException {
    String captions =
        """
        {"images": [{"id": 3, "file_name": "a.jpg", "width": 640, "height": 480}],
         "annotations": [{"id": 1, "image_id": 3, "caption": "A dog on a sofa."},
                         {"id": 2, "image_id": 3, "caption": "A brown dog."}]}
        """;
    CocoDataset dataset = CocoDataset.read(write("captions.json", captions));
    assertEquals(
        List.of(
            new CaptionAnnotation(1, 3, "A dog on a sofa."),
            new CaptionAnnotation(2, 3, "A brown dog.")),
        dataset.captions(3));
    assertTrue(dataset.instances().isEmpty());
    assertTrue(dataset.categories().isEmpty());
  }

  @Test
  void negativeBoxWidthNamesFileAnnotationAndField() throws IOException {
    FileFormatException error = readBroken("\"bbox\": [1, 1, 2, 2]", "\"bbox\": [1, 1, -2, 2]");
    assertEquals(
        "broken.json: annotation id 100: field 'bbox': [1.0, 1.0, -2.0, 2.0] has a negative width;"
            + " expected [x, y, width, height] with width and height >= 0 (boxes given as"
            + " [x1, y1, x2, y2] must be converted)",
        error.getMessage());
  }

  @Test
  void danglingImageIdNamesTheAnnotation() throws IOException {
    FileFormatException error =
        readBroken("\"id\": 102, \"image_id\": 9", "\"id\": 102, \"image_id\": 99");
    assertEquals(
        "broken.json: annotation id 102: field 'image_id': 99 refers to no image in 'images'; add"
            + " the image or fix the id",
        error.getMessage());
  }

  @Test
  void danglingCategoryIdNamesTheAnnotation() throws IOException {
    FileFormatException error =
        readBroken("\"image_id\": 9, \"category_id\": 18", "\"image_id\": 9, \"category_id\": 5");
    assertTrue(
        error.getMessage().startsWith("broken.json: annotation id 103: field 'category_id': 5"),
        error.getMessage());
  }

  @Test
  void unknownSegmentationShapeIsReported() throws IOException {
    FileFormatException error =
        readBroken("{\"size\": [3, 4], \"counts\": \"0<\"}", "{\"polygon\": [1, 2, 3]}");
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "broken.json: annotation id 102: field 'segmentation': value {\"polygon\":[1,2,3]}"
                    + " has an unknown shape"),
        error.getMessage());
  }

  @Test
  void runLengthCountsMustCoverTheirSize() throws IOException {
    FileFormatException error = readBroken("[2, 3, 25]", "[2, 3, 24]");
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "broken.json: annotation id 101: field 'segmentation': run"
                    + " counts sum to 29 but a [5, 6] mask has 30 pixels"),
        error.getMessage());
  }

  @Test
  void runLengthSizeMustMatchTheImage() throws IOException {
    FileFormatException error =
        readBroken("\"size\": [3, 4], \"counts\": \"0<\"", "\"size\": [4, 3], \"counts\": \"0<\"");
    assertTrue(
        error.getMessage().startsWith("broken.json: annotation id 102: field 'segmentation':"),
        error.getMessage());
  }

  @Test
  void oddPolygonIsReported() throws IOException {
    FileFormatException error = readBroken("[[1, 1, 3, 1, 3, 3, 1, 3]]", "[[1, 1, 3, 1, 3, 3, 1]]");
    assertTrue(
        error.getMessage().contains("annotation id 100: field 'segmentation': polygon 0 has 7"),
        error.getMessage());
  }

  @Test
  void missingAreaIsReported() throws IOException {
    FileFormatException error = readBroken("\"area\": 2, ", "");
    assertEquals(
        "broken.json: annotation id 102: field 'area': missing; every annotation needs it",
        error.getMessage());
  }

  @Test
  void duplicateIdIsReported() throws IOException {
    FileFormatException error = readBroken("\"id\": 103", "\"id\": 102");
    assertEquals(
        "broken.json: instance annotation id 102 appears more than once; ids must be unique",
        error.getMessage());
  }

  @Test
  void idsBeyond64BitsAreRefusedNotClamped() throws IOException {
    FileFormatException error = readBroken("\"id\": 103", "\"id\": 1e19");
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "broken.json: annotation #3: field 'id': value 1.0E19 is outside "
                    + "the 64-bit id range [-2^63, 2^63 - 1]"),
        error.getMessage());
    FileFormatException integer = readBroken("\"id\": 103", "\"id\": 9223372036854775808");
    assertTrue(
        integer
            .getMessage()
            .contains("field 'id': value 9223372036854775808 is outside the 64-bit id range"),
        integer.getMessage());
  }

  @Test
  void contentAfterTheTopLevelObjectIsRefused() throws IOException {
    FileFormatException second =
        assertThrows(
            FileFormatException.class,
            () -> CocoDataset.read(write("twice.json", INSTANCES + INSTANCES)));
    assertTrue(
        second.getMessage().startsWith("twice.json: not valid JSON at line 16, column"),
        second.getMessage());
    assertTrue(
        second.getMessage().contains("content follows the end of the JSON value"),
        second.getMessage());
    assertThrows(
        FileFormatException.class, () -> CocoDataset.read(write("garbage.json", INSTANCES + "]")));
  }

  @Test
  void malformedJsonGivesTheLocation() throws IOException {
    FileFormatException error = readBroken("\"area\": 2,", "\"area\": 2,,");
    assertTrue(
        error
            .getMessage()
            .startsWith("broken.json: not valid JSON at line 14, column 15: Unexpected character"),
        error.getMessage());
  }

  @Test
  void wrongTopLevelIsReported() throws IOException {
    FileFormatException error =
        assertThrows(FileFormatException.class, () -> CocoDataset.read(write("list.json", "[]")));
    assertEquals(
        "list.json: the top level is a JSON array at line 1, column 2; expected a JSON object",
        error.getMessage());
  }

  @Test
  void missingFileIsAnIoError() {
    assertThrows(UncheckedIOException.class, () -> CocoDataset.read(folder.resolve("absent.json")));
  }

  @Test
  void inMemoryDatasetsAreValidatedToo() {
    CocoImage image = new CocoImage(1, "a.jpg", 10, 10);
    InstanceAnnotation orphan =
        new InstanceAnnotation(5, 2, 1, Box.fromXywh(0, 0, 1, 1), 1, false, Optional.empty());
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CocoDataset.of(
                    List.of(image),
                    List.of(new CocoCategory(1, "a", "")),
                    List.of(orphan),
                    List.of()));
    assertInstanceOf(IllegalArgumentException.class, error);
    assertTrue(
        error.getMessage().startsWith("annotation id 5: field 'image_id': 2"), error.getMessage());
  }

  private FileFormatException readBroken(String original, String replacement) throws IOException {
    assertTrue(INSTANCES.contains(original), "test setup: " + original);
    Path file =
        write(
            "broken.json",
            INSTANCES.replaceFirst(java.util.regex.Pattern.quote(original), replacement));
    return assertThrows(FileFormatException.class, () -> CocoDataset.read(file));
  }

  private Path write(String name, String json) throws IOException {
    return Files.writeString(folder.resolve(name), json);
  }
}

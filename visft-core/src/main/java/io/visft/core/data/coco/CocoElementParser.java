package io.visft.core.data.coco;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.core.data.geometry.Box;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Converts the JSON elements of COCO annotation and result files into records. */
final class CocoElementParser {
  private final String file;

  /**
   * @param file the file name for messages
   */
  CocoElementParser(String file) {
    this.file = file;
  }

  CocoImage image(JsonNode node, int index) {
    JsonFields fields = new JsonFields(file, label("image", node, index), node);
    return new CocoImage(
        fields.id("id"),
        fields.text("file_name"),
        fields.positiveInt("width"),
        fields.positiveInt("height"));
  }

  CocoCategory category(JsonNode node, int index) {
    JsonFields fields = new JsonFields(file, label("category", node, index), node);
    return new CocoCategory(fields.id("id"), fields.text("name"), fields.text("supercategory", ""));
  }

  /** Whether an annotation element is a caption (it has a {@code caption} field). */
  static boolean isCaption(JsonNode node) {
    return node.has("caption");
  }

  CaptionAnnotation caption(JsonNode node, int index) {
    JsonFields fields = new JsonFields(file, label("annotation", node, index), node);
    return new CaptionAnnotation(fields.id("id"), fields.id("image_id"), fields.text("caption"));
  }

  InstanceAnnotation instance(JsonNode node, int index) {
    JsonFields fields = new JsonFields(file, label("annotation", node, index), node);
    long id = fields.id("id");
    long imageId = fields.id("image_id");
    long categoryId = fields.id("category_id");
    Box bbox = box(fields);
    double area = fields.number("area");
    if (area < 0) {
      throw fields.error("area", "value " + area + " is negative; expected the pixel area >= 0");
    }
    return new InstanceAnnotation(
        id, imageId, categoryId, bbox, area, fields.flag("iscrowd"), segmentation(fields));
  }

  CocoDetection detection(JsonNode node, int index) {
    JsonFields fields = new JsonFields(file, "result #" + index, node);
    long imageId = fields.id("image_id");
    long categoryId = fields.id("category_id");
    double score = fields.number("score");
    boolean hasBox = fields.has("bbox") && !fields.required("bbox").isEmpty();
    Optional<Box> bbox = hasBox ? Optional.of(box(fields)) : Optional.empty();
    Optional<Segmentation> segmentation = segmentation(fields);
    if (bbox.isEmpty() && segmentation.isEmpty()) {
      throw fields.error(
          "bbox", "missing, and so is 'segmentation'; a result needs a box or a mask to score");
    }
    return new CocoDetection(imageId, categoryId, score, bbox, segmentation);
  }

  private static Box box(JsonFields fields) {
    double[] values = fields.numbers("bbox", fields.required("bbox"));
    if (values.length != 4) {
      throw fields.error(
          "bbox", "has " + values.length + " numbers; expected 4: [x, y, width, height]");
    }
    if (values[2] < 0 || values[3] < 0) {
      throw fields.error(
          "bbox",
          String.format(
              "[%s, %s, %s, %s] has a negative %s; expected [x, y, width, height] with width"
                  + " and height >= 0 (boxes given as [x1, y1, x2, y2] must be converted)",
              values[0], values[1], values[2], values[3], values[2] < 0 ? "width" : "height"));
    }
    return Box.fromXywh(values[0], values[1], values[2], values[3]);
  }

  private static Optional<Segmentation> segmentation(JsonFields fields) {
    if (!fields.has("segmentation")) {
      return Optional.empty();
    }
    JsonNode node = fields.required("segmentation");
    try {
      if (node.isArray()) {
        List<double[]> polygons = new ArrayList<>(node.size());
        for (JsonNode polygon : node) {
          polygons.add(fields.numbers("segmentation", polygon));
        }
        return Optional.of(new Segmentation.Polygons(polygons));
      }
      if (node.isObject() && node.has("counts") && node.has("size")) {
        return Optional.of(runLength(fields, node));
      }
    } catch (IllegalArgumentException invalid) {
      throw fields.error("segmentation", invalid);
    }
    throw fields.error(
        "segmentation",
        "value "
            + JsonFields.abbreviate(node)
            + " has an unknown shape; expected polygons [[x0, y0, x1, y1, ...], ...] or a"
            + " run-length object {\"size\": [height, width], \"counts\": string or [int, ...]}");
  }

  private static Segmentation runLength(JsonFields fields, JsonNode node) {
    JsonNode size = node.get("size");
    if (!size.isArray()
        || size.size() != 2
        || !size.get(0).canConvertToInt()
        || !size.get(1).canConvertToInt()
        || !size.get(0).isIntegralNumber()
        || !size.get(1).isIntegralNumber()) {
      throw fields.error(
          "segmentation",
          "size " + JsonFields.abbreviate(size) + " is not [height, width] in integers");
    }
    int height = size.get(0).intValue();
    int width = size.get(1).intValue();
    JsonNode counts = node.get("counts");
    if (counts.isTextual()) {
      return new Segmentation.CompressedRle(height, width, counts.textValue());
    }
    if (counts.isArray()) {
      List<Integer> runs = new ArrayList<>(counts.size());
      for (JsonNode count : counts) {
        if (!count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 0) {
          throw fields.error(
              "segmentation", "run count " + count + " is not an integer in [0, 2^31 - 1]");
        }
        runs.add(count.intValue());
      }
      return new Segmentation.UncompressedRle(height, width, runs);
    }
    throw fields.error(
        "segmentation",
        "counts " + JsonFields.abbreviate(counts) + " is neither a string nor a list of integers");
  }

  private static String label(String kind, JsonNode node, int index) {
    JsonNode id = node.get("id");
    return id != null && id.isIntegralNumber() ? kind + " id " + id : kind + " #" + index;
  }
}

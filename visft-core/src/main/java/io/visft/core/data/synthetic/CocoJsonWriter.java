package io.visft.core.data.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.core.data.geometry.Box;
import io.visft.core.data.mask.BinaryMask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Builds the two COCO-format JSON files of a synthetic data set in memory, then writes them.
 *
 * <p>Fields follow the COCO 2017 layout: {@code instances.json} has {@code info, licenses, images,
 * annotations (id, image_id, category_id, segmentation, area, bbox, iscrowd), categories}; {@code
 * captions.json} has {@code info, licenses, images, annotations (id, image_id, caption)}. Output is
 * compact and its key order fixed, so equal content gives equal bytes. Not thread-safe.
 */
final class CocoJsonWriter {
  private final ObjectMapper mapper = new ObjectMapper();
  private final ObjectNode instances;
  private final ObjectNode captions;
  private int annotationCount;
  private int captionCount;

  CocoJsonWriter(SyntheticCocoConfig config) {
    instances = header(config);
    captions = header(config);
    ArrayNode categories = instances.putArray("categories");
    for (ShapeKind kind : ShapeKind.values()) {
      categories
          .addObject()
          .put("id", kind.categoryId())
          .put("name", kind.categoryName())
          .put("supercategory", "shape");
    }
  }

  private ObjectNode header(SyntheticCocoConfig config) {
    ObjectNode root = mapper.createObjectNode();
    root.putObject("info")
        .put(
            "description",
            "ViSFT synthetic shapes, "
                + config.domain().name().toLowerCase(Locale.ROOT)
                + ", seed "
                + config.seed())
        .put("version", "1.0");
    root.putArray("licenses");
    root.putArray("images");
    root.putArray("annotations");
    return root;
  }

  int annotationCount() {
    return annotationCount;
  }

  /** Adds one image with its shapes (and their rasterised masks, same order) and its captions. */
  void addImage(
      int imageId,
      String fileName,
      Scene scene,
      List<BinaryMask> masks,
      List<String> imageCaptions) {
    for (ObjectNode root : List.of(instances, captions)) {
      ((ArrayNode) root.get("images"))
          .addObject()
          .put("id", imageId)
          .put("file_name", fileName)
          .put("width", scene.width())
          .put("height", scene.height());
    }
    ArrayNode objects = (ArrayNode) instances.get("annotations");
    for (int k = 0; k < scene.shapes().size(); k++) {
      SceneShape shape = scene.shapes().get(k);
      BinaryMask mask = masks.get(k);
      Box box =
          mask.boundingBox()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "shape " + shape + " covers no pixel of image " + fileName));
      ObjectNode annotation =
          objects
              .addObject()
              .put("id", ++annotationCount)
              .put("image_id", imageId)
              .put("category_id", shape.kind().categoryId());
      ArrayNode polygon = annotation.putArray("segmentation").addArray();
      for (double v : shape.polygon()) {
        polygon.add(Math.round(v * 100) / 100.0);
      }
      annotation.put("area", mask.count());
      annotation
          .putArray("bbox")
          .add((int) box.x0())
          .add((int) box.y0())
          .add((int) box.width())
          .add((int) box.height());
      annotation.put("iscrowd", 0);
    }
    ArrayNode captionNodes = (ArrayNode) captions.get("annotations");
    for (String caption : imageCaptions) {
      captionNodes
          .addObject()
          .put("id", ++captionCount)
          .put("image_id", imageId)
          .put("caption", caption);
    }
  }

  void write(Path instancesJson, Path captionsJson) throws IOException {
    mapper.writeValue(instancesJson.toFile(), instances);
    mapper.writeValue(captionsJson.toFile(), captions);
  }
}

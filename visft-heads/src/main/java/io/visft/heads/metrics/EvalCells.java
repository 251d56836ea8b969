package io.visft.heads.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.coco.CocoCategory;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoDetection;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.coco.Segmentation;
import io.visft.core.data.geometry.Box;
import io.visft.core.data.mask.Rle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups ground truths and detections by category and image, as the reference's {@code _prepare}
 * and {@code loadRes} do: images and categories in ascending id order, objects in file order,
 * detection areas from their box when they have one (else from the mask), and detections of
 * categories the ground truth lacks dropped.
 */
final class EvalCells {
  private final List<List<EvalCell>> byCategory;
  private final int droppedDetections;

  private EvalCells(List<List<EvalCell>> byCategory, int droppedDetections) {
    this.byCategory = byCategory;
    this.droppedDetections = droppedDetections;
  }

  /** The non-empty cells of category {@code k} (ascending id order), by ascending image id. */
  List<EvalCell> category(int k) {
    return byCategory.get(k);
  }

  int categories() {
    return byCategory.size();
  }

  /** Detections skipped because their category is not in the ground truth. */
  int droppedDetections() {
    return droppedDetections;
  }

  static EvalCells prepare(CocoDataset truth, List<CocoDetection> detections, IouType type) {
    Map<Long, Integer> imageIndex =
        ascendingIndex(truth.images().stream().map(CocoImage::id).toList());
    Map<Long, Integer> categoryIndex =
        ascendingIndex(truth.categories().stream().map(CocoCategory::id).toList());
    List<Map<Integer, CellBuilder>> builders = new ArrayList<>();
    for (int k = 0; k < categoryIndex.size(); k++) {
      builders.add(new TreeMap<>());
    }
    for (InstanceAnnotation gt : truth.instances()) {
      CocoImage image = truth.image(gt.imageId()).orElseThrow();
      Rle mask = type == IouType.SEGM ? groundTruthMask(gt, image) : null;
      builders
          .get(categoryIndex.get(gt.categoryId()))
          .computeIfAbsent(imageIndex.get(gt.imageId()), CellBuilder::new)
          .groundTruths
          .add(new EvalCell.GroundTruth(gt.area(), gt.crowd(), gt.bbox(), mask));
    }
    int dropped = 0;
    for (int i = 0; i < detections.size(); i++) {
      CocoDetection dt = detections.get(i);
      Integer k = categoryIndex.get(dt.categoryId());
      CocoImage image = truth.image(dt.imageId()).orElse(null);
      checkArgument(
          image != null,
          "detection #%s refers to image_id %s, which the ground truth (%s) does not contain;"
              + " results must only cover ground-truth images",
          i,
          dt.imageId(),
          truth.source());
      if (k == null) {
        dropped++;
        continue;
      }
      builders
          .get(k)
          .computeIfAbsent(imageIndex.get(dt.imageId()), CellBuilder::new)
          .detections
          .add(detection(dt, i, image, type));
    }
    List<List<EvalCell>> byCategory = new ArrayList<>();
    for (Map<Integer, CellBuilder> cells : builders) {
      byCategory.add(cells.values().stream().map(CellBuilder::build).toList());
    }
    return new EvalCells(byCategory, dropped);
  }

  private static Rle groundTruthMask(InstanceAnnotation gt, CocoImage image) {
    Segmentation segmentation =
        gt.segmentation()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        String.format(
                            "ground-truth annotation id %d has no segmentation; segm evaluation"
                                + " needs a mask for every instance (use bbox evaluation for"
                                + " box-only data)",
                            gt.id())));
    return segmentation.toRle(image.height(), image.width());
  }

  private static EvalCell.Detection detection(
      CocoDetection dt, int index, CocoImage image, IouType type) {
    checkArgument(
        type != IouType.SEGM || dt.segmentation().isPresent(),
        "detection #%s (image_id %s) has no segmentation; segm evaluation needs a mask per result",
        index,
        dt.imageId());
    Rle mask = null;
    if (type == IouType.SEGM || dt.bbox().isEmpty()) {
      Segmentation segmentation = dt.segmentation().orElseThrow();
      checkArgument(
          segmentation.fitsImage(image.height(), image.width()),
          "detection #%s: its run-length mask does not have the [height, width] [%s, %s] of"
              + " image_id %s; results must be encoded at the image size",
          index,
          image.height(),
          image.width(),
          image.id());
      mask = segmentation.toRle(image.height(), image.width());
    }
    // As the reference's loadRes: a result with a box takes its area from the box.
    Box box = dt.bbox().isPresent() ? dt.bbox().get() : mask.toBbox();
    double area = dt.bbox().isPresent() ? box.area() : mask.area();
    return new EvalCell.Detection(dt.score(), area, box, type == IouType.SEGM ? mask : null);
  }

  private static Map<Long, Integer> ascendingIndex(List<Long> ids) {
    Map<Long, Integer> index = new HashMap<>();
    List<Long> sorted = ids.stream().distinct().sorted().toList();
    for (int i = 0; i < sorted.size(); i++) {
      index.put(sorted.get(i), i);
    }
    return index;
  }

  /** Collects one cell; detections are ranked and capped when built. */
  private static final class CellBuilder {
    private final int imageIndex;
    private final List<EvalCell.GroundTruth> groundTruths = new ArrayList<>();
    private final List<EvalCell.Detection> detections = new ArrayList<>();

    CellBuilder(int imageIndex) {
      this.imageIndex = imageIndex;
    }

    EvalCell build() {
      double[] scores = detections.stream().mapToDouble(EvalCell.Detection::score).toArray();
      int[] order = ScoreOrder.descending(scores);
      int kept =
          Math.min(
              order.length, EvalProtocol.MAX_DETECTIONS[EvalProtocol.MAX_DETECTIONS.length - 1]);
      List<EvalCell.Detection> ranked = new ArrayList<>(kept);
      for (int j = 0; j < kept; j++) {
        ranked.add(detections.get(order[j]));
      }
      return new EvalCell(imageIndex, List.copyOf(groundTruths), List.copyOf(ranked));
    }
  }
}

package io.visft.heads.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.heads.metrics.EvalProtocol.AreaRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The twelve numbers of the official COCO summary. Each is a mean over the categories that have
 * ground truth in the area range (and, for AP, over IoU thresholds and recall points); -1 means no
 * category qualified.
 *
 * @param ap AP at IoU .50:.05:.95, all areas, 100 detections per image
 * @param ap50 AP at IoU .50
 * @param ap75 AP at IoU .75
 * @param apSmall AP for objects up to 32² pixels
 * @param apMedium AP for objects of 32² to 96² pixels
 * @param apLarge AP for objects of 96² pixels or more
 * @param ar1 AR with 1 detection per image
 * @param ar10 AR with 10 detections per image
 * @param ar100 AR with 100 detections per image
 * @param arSmall AR for small objects, 100 detections
 * @param arMedium AR for medium objects, 100 detections
 * @param arLarge AR for large objects, 100 detections
 */
public record CocoSummary(
    double ap,
    double ap50,
    double ap75,
    double apSmall,
    double apMedium,
    double apLarge,
    double ar1,
    double ar10,
    double ar100,
    double arSmall,
    double arMedium,
    double arLarge) {

  private static final String[] KEYS = {
    "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"
  };
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The numbers in the official order (pycocotools' {@code stats}). */
  public double[] stats() {
    return new double[] {
      ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge
    };
  }

  /** A JSON object with keys AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl. */
  public String toJson() {
    ObjectNode json = MAPPER.createObjectNode();
    double[] stats = stats();
    for (int i = 0; i < KEYS.length; i++) {
      json.put(KEYS[i], stats[i]);
    }
    return json.toString();
  }

  /** The summary as the twelve lines pycocotools prints. */
  public String toReport() {
    StringBuilder report = new StringBuilder();
    double[] stats = stats();
    String[] iou = {"0.50:0.95", "0.50", "0.75"};
    for (int i = 0; i < stats.length; i++) {
      boolean precision = i < 6;
      String area =
          i == 3 || i == 9
              ? "small"
              : i == 4 || i == 10 ? "medium" : i == 5 || i == 11 ? "large" : "all";
      int maxDets = i == 6 ? 1 : i == 7 ? 10 : 100;
      report.append(
          String.format(
              Locale.ROOT,
              " %-18s %s @[ IoU=%-9s | area=%6s | maxDets=%3d ] = %s%n",
              precision ? "Average Precision" : "Average Recall",
              precision ? "(AP)" : "(AR)",
              precision && i < 3 ? iou[i] : "0.50:0.95",
              area,
              maxDets,
              // Python's %.3f rounds the exact binary value half to even; so does this.
              new BigDecimal(stats[i]).setScale(3, RoundingMode.HALF_EVEN).toPlainString()));
    }
    return report.toString();
  }

  /** Summarises an accumulated table as the reference's {@code summarize}. */
  static CocoSummary of(PrecisionRecallTable table) {
    int allThresholds = -1;
    int at50 = EvalProtocol.iouThresholdIndex(0.5);
    int at75 = EvalProtocol.iouThresholdIndex(0.75);
    int last = EvalProtocol.MAX_DETECTIONS.length - 1;
    return new CocoSummary(
        meanPrecision(table, allThresholds, AreaRange.ALL, last),
        meanPrecision(table, at50, AreaRange.ALL, last),
        meanPrecision(table, at75, AreaRange.ALL, last),
        meanPrecision(table, allThresholds, AreaRange.SMALL, last),
        meanPrecision(table, allThresholds, AreaRange.MEDIUM, last),
        meanPrecision(table, allThresholds, AreaRange.LARGE, last),
        meanRecall(table, AreaRange.ALL, 0),
        meanRecall(table, AreaRange.ALL, 1),
        meanRecall(table, AreaRange.ALL, last),
        meanRecall(table, AreaRange.SMALL, last),
        meanRecall(table, AreaRange.MEDIUM, last),
        meanRecall(table, AreaRange.LARGE, last));
  }

  /** Mean of the defined precisions at one threshold (or all when {@code t < 0}). */
  private static double meanPrecision(PrecisionRecallTable table, int t, AreaRange a, int m) {
    double sum = 0;
    long count = 0;
    for (int ti = 0; ti < EvalProtocol.IOU_THRESHOLDS.length; ti++) {
      if (t >= 0 && ti != t) {
        continue;
      }
      for (int r = 0; r < EvalProtocol.RECALL_THRESHOLDS.length; r++) {
        for (int k = 0; k < table.categories(); k++) {
          double value = table.precision(ti, r, k, a, m);
          if (value > -1) {
            sum += value;
            count++;
          }
        }
      }
    }
    return count == 0 ? -1 : sum / count;
  }

  /** Mean of the defined recalls over all thresholds. */
  private static double meanRecall(PrecisionRecallTable table, AreaRange a, int m) {
    double sum = 0;
    long count = 0;
    for (int t = 0; t < EvalProtocol.IOU_THRESHOLDS.length; t++) {
      for (int k = 0; k < table.categories(); k++) {
        double value = table.recall(t, k, a, m);
        if (value > -1) {
          sum += value;
          count++;
        }
      }
    }
    return count == 0 ? -1 : sum / count;
  }
}

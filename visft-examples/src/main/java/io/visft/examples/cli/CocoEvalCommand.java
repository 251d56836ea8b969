package io.visft.examples.cli;

import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoResultsReader;
import io.visft.heads.metrics.CocoEvaluator;
import io.visft.heads.metrics.CocoSummary;
import io.visft.heads.metrics.IouType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visft coco-eval}: the official COCO box/mask AP protocol on a result file. */
@Command(
    name = "coco-eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates a COCO result file (a JSON list of {image_id, category_id, bbox|segmentation, score}) "
          + "against COCO-format annotations with the official protocol (10 IoU thresholds .50:.05:.95, 101 recall "
          + "points, area ranges, crowd regions, max detections 1/10/100).",
      "Prints AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl as JSON."
    })
final class CocoEvalCommand implements Callable<Integer> {
  @Option(
      names = "--annotations",
      required = true,
      paramLabel = "<gt.json>",
      description = "Ground truth, COCO instances format.")
  Path annotations;

  @Option(
      names = "--results",
      required = true,
      paramLabel = "<results.json>",
      description = "Detections in the COCO result format.")
  Path results;

  @Option(
      names = "--type",
      defaultValue = "bbox",
      paramLabel = "<bbox|segm>",
      description = "bbox (box IoU) or segm (mask IoU); default: ${DEFAULT-VALUE}.")
  String type;

  @Override
  public Integer call() {
    IouType iou =
        switch (type) {
          case "bbox" -> IouType.BBOX;
          case "segm" -> IouType.SEGM;
          default ->
              throw new io.visft.api.ConfigException(
                  "--type '" + type + "' is not one of bbox, segm");
        };
    CocoSummary summary =
        new CocoEvaluator(CocoDataset.read(annotations), iou)
            .evaluate(CocoResultsReader.read(results));
    System.out.println(summary.toJson());
    return 0;
  }
}

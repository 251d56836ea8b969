package io.visft.heads.detection;

import com.google.common.collect.ImmutableMap;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.coco.CocoDetection;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.metrics.CocoEvaluator;
import io.visft.heads.metrics.CocoSummary;
import io.visft.heads.metrics.IouType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * COCO box AP of a detection head on an instances split: each image through the backbone ({@code
 * features}, with or without an adapter) and the head (no dropout), decoded to its top {@code topK}
 * boxes in the original image's pixels, scored by {@link CocoEvaluator} against the split's
 * annotations. One image per run.
 */
public final class DetectionEvaluation {

  private DetectionEvaluation() {}

  /** The box metrics of {@code head} on {@code data}. */
  public static CocoSummary run(
      DetectionHead head,
      FeatureExtractor features,
      InstanceSet data,
      int topK,
      RuntimeOptions runtime) {
    return new CocoEvaluator(data.groundTruth(), IouType.BBOX)
        .evaluate(detections(head, features, data, topK, runtime));
  }

  /** The decoded detections of every image, in COCO result form. */
  public static List<CocoDetection> detections(
      DetectionHead head,
      FeatureExtractor features,
      InstanceSet data,
      int topK,
      RuntimeOptions runtime) {
    List<CocoDetection> out = new ArrayList<>();
    GraphSession session = null;
    HostTensor noPadding = null;
    try {
      for (int i = 0; i < data.imageCount(); i++) {
        HostTensor map = features.features(data.images(i, 1));
        if (session == null) {
          session = open(head, map.shape(), runtime);
          noPadding =
              new HostTensor(
                  DType.BOOL,
                  new long[] {1, map.shape()[2], map.shape()[3]},
                  ByteBuffer.allocate(Math.toIntExact(map.shape()[2] * map.shape()[3])));
        }
        Map<String, HostTensor> result =
            session.run(Map.of("features", map, "padding_mask", noPadding));
        CocoImage image = data.image(i);
        List<Detection> decoded =
            DetectionDecoder.decode(
                    result.get(DetectionPredictions.PROBABILITIES),
                    result.get(DetectionPredictions.BOXES),
                    List.of(new ImageSize(image.height(), image.width())),
                    topK)
                .get(0);
        for (Detection d : decoded) {
          if (!d.box().isEmpty()) {
            out.add(CocoDetection.ofBox(image.id(), d.label(), d.score(), d.box()));
          }
        }
      }
    } finally {
      if (session != null) {
        session.close();
      }
    }
    return out;
  }

  private static GraphSession open(
      DetectionHead head, long[] featureShape, RuntimeOptions runtime) {
    Graph g = new Graph();
    Value features = g.input("features", DType.F32, featureShape);
    Value mask = g.input("padding_mask", DType.BOOL, 1, featureShape[2], featureShape[3]);
    DetectionPredictions p =
        DetectionPredictions.build(g, head, features, mask, null, HeadParameterMode.FROZEN_WEIGHTS);
    return GraphSession.create(
        OnnxExporter.export(
            g,
            ImmutableMap.of(
                DetectionPredictions.PROBABILITIES,
                p.probabilities(),
                DetectionPredictions.BOXES,
                p.boxes()),
            Map.of("visft.graph", "detection-eval")),
        runtime);
  }
}

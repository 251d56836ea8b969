package io.visft.heads.segmentation;

import com.google.common.collect.ImmutableMap;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.coco.CocoDetection;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.Segmentation;
import io.visft.core.data.mask.Rle;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.heads.metrics.CocoEvaluator;
import io.visft.heads.metrics.CocoSummary;
import io.visft.heads.metrics.IouType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * COCO mask AP of a segmentation head on an instances split: each image through the backbone
 * ({@code features}, with or without an adapter) and the head, the final prediction set decoded to
 * its top {@code topK} masks at the original image size, scored by {@link CocoEvaluator} against
 * the split's annotations. Class {@code k} is the split's {@code k}-th category id in increasing
 * order (as {@link SegmentationTasks} trains it). One image per run.
 */
public final class SegmentationEvaluation {

  private SegmentationEvaluation() {}

  /** The mask metrics of {@code head} on {@code data}. */
  public static CocoSummary run(
      SegmentationHead head,
      FeatureExtractor features,
      InstanceSet data,
      int topK,
      RuntimeOptions runtime) {
    return new CocoEvaluator(data.groundTruth(), IouType.SEGM)
        .evaluate(detections(head, features, data, topK, runtime));
  }

  /** The decoded masks of every image, in COCO result form (compressed RLE). */
  public static List<CocoDetection> detections(
      SegmentationHead head,
      FeatureExtractor features,
      InstanceSet data,
      int topK,
      RuntimeOptions runtime) {
    SegmentationHeadConfig c = head.config();
    List<Long> categories = data.categoryIds();
    List<CocoDetection> out = new ArrayList<>();
    GraphSession session = null;
    try {
      for (int i = 0; i < data.imageCount(); i++) {
        HostTensor map = features.features(data.images(i, 1));
        if (session == null) {
          session = open(head, map.shape(), runtime);
        }
        Map<String, HostTensor> result = session.run(Map.of("features", map));
        CocoImage image = data.image(i);
        int h = Math.toIntExact(map.shape()[2]);
        int w = Math.toIntExact(map.shape()[3]);
        List<ScoredMask> masks =
            InstanceDecoder.decode(
                result.get("class").toFloatArray(),
                result.get("mask").toFloatArray(),
                c.queries(),
                h,
                w,
                image.height(),
                image.width(),
                topK);
        for (ScoredMask m : masks) {
          if (m.label() < categories.size()) {
            Rle rle = Rle.encode(m.mask());
            out.add(
                CocoDetection.ofMask(
                    image.id(),
                    categories.get(m.label()),
                    m.score(),
                    new Segmentation.CompressedRle(
                        rle.height(), rle.width(), rle.toCompressedString())));
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
      SegmentationHead head, long[] featureShape, RuntimeOptions runtime) {
    Graph g = new Graph();
    Value features = g.input("features", DType.F32, featureShape);
    SegmentationGraph.Forward f =
        SegmentationGraph.forward(
            new Ops(g),
            head.config(),
            SegmentationGraph.frozenWeights(g, head.parameters()),
            features);
    return GraphSession.create(
        OnnxExporter.export(
            g,
            ImmutableMap.of("class", f.last().classLogits(), "mask", f.last().maskLogits()),
            Map.of("visft.graph", "segmentation-eval")),
        runtime);
  }
}

package io.visft.examples.train;

import io.visft.api.HostTensor;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.heads.caption.CaptionDecoder;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.caption.GeneratedCaption;
import io.visft.heads.detection.DetectionEvaluation;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.pipeline.ViSFTHeads;
import io.visft.heads.segmentation.SegmentationEvaluation;
import io.visft.heads.segmentation.SegmentationHead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-domain metrics of the three heads on a validation split, for one backbone (base or
 * adapted); a head that is absent scores NaN.
 *
 * @param bleu4 greedy-decoded caption BLEU-4
 * @param ciderD greedy-decoded caption CIDEr-D
 * @param boxAp COCO box AP (IoU 0.50:0.95) of the detection head, top 100 boxes per image (or one
 *     per query when there are fewer queries)
 * @param maskAp COCO mask AP of the segmentation head, top 100 masks per image
 */
public record InDomainMetrics(double bleu4, double ciderD, double boxAp, double maskAp) {

  /** Detections and masks kept per image, as in COCO's protocol. */
  private static final int TOP_K = 100;

  /**
   * @param caption the captioning head, or null
   * @param detection the detection head, or null
   * @param segmentation the segmentation head, or null
   * @param captions the captioning split (needed with a captioning head)
   * @param instances the instances split (needed with a detection or segmentation head)
   */
  public static InDomainMetrics measure(
      CaptionHead caption,
      DetectionHead detection,
      SegmentationHead segmentation,
      FeatureExtractor backbone,
      ImageCaptionSet captions,
      InstanceSet instances,
      RuntimeOptions rt) {
    CaptionScores text =
        caption == null ? CaptionScores.NONE : captionScores(caption, backbone, captions, rt);
    double box =
        detection == null
            ? Double.NaN
            : DetectionEvaluation.run(
                    detection,
                    backbone,
                    instances,
                    Math.min(TOP_K, detection.config().numQueries()),
                    rt)
                .ap();
    double mask =
        segmentation == null
            ? Double.NaN
            : SegmentationEvaluation.run(segmentation, backbone, instances, TOP_K, rt).ap();
    return new InDomainMetrics(text.bleu4(), text.ciderD(), box, mask);
  }

  /** The metrics of the heads being trained in {@code heads}. */
  public static InDomainMetrics measure(
      ViSFTHeads heads,
      FeatureExtractor backbone,
      ImageCaptionSet captions,
      InstanceSet instances,
      RuntimeOptions rt) {
    return measure(
        heads.captions() == null ? null : heads.captions().trainedHead(),
        heads.detection() == null ? null : heads.detection().trainedHead(),
        heads.segmentation() == null ? null : heads.segmentation().trainedHead(),
        backbone,
        captions,
        instances,
        rt);
  }

  private static CaptionScores captionScores(
      CaptionHead head, FeatureExtractor backbone, ImageCaptionSet set, RuntimeOptions rt) {
    Map<Integer, String> candidates = new LinkedHashMap<>();
    Map<Integer, List<String>> references = new LinkedHashMap<>();
    try (CaptionDecoder decoder = CaptionDecoder.create(head, rt)) {
      for (int i = 0; i < set.imageCount(); i++) {
        HostTensor features = backbone.features(set.images(i, 1));
        GeneratedCaption g = decoder.greedy(features).get(0);
        candidates.put(i, String.join(" ", head.vocabulary().tokenizer().tokenize(g.text())));
        references.put(
            i,
            set.captions().get(i).stream()
                .map(s -> String.join(" ", head.vocabulary().tokenizer().tokenize(s)))
                .toList());
      }
    }
    return CaptionScores.of(candidates, references);
  }
}

package io.visft.examples.demo;

import io.visft.api.HostTensor;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.heads.caption.CaptionDecoder;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.caption.GeneratedCaption;
import io.visft.heads.detection.DetectionEvaluation;
import io.visft.heads.segmentation.SegmentationEvaluation;
import io.visft.heads.metrics.Bleu;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-domain metrics of the three heads on the validation split, for one backbone (base or
 * adapted).
 *
 * @param bleu4 greedy-decoded caption BLEU-4
 * @param boxAp COCO box AP (IoU 0.50:0.95) of the detection head, top 16 boxes per image
 * @param maskAp COCO mask AP of the segmentation head, top 16 masks per image
 */
record InDomainMetrics(double bleu4, double boxAp, double maskAp) {

  static InDomainMetrics measure(DemoHeads heads, FeatureExtractor backbone, ImageCaptionSet captions, InstanceSet instances,
      RuntimeOptions rt) {
    double bleu = bleu(heads.captions().trainedHead(), backbone, captions, rt);
    double box = DetectionEvaluation.run(heads.detection().trainedHead(), backbone, instances, 16, rt).ap();
    double mask = SegmentationEvaluation.run(heads.segmentation().trainedHead(), backbone, instances, 16, rt).ap();
    return new InDomainMetrics(bleu, box, mask);
  }

  private static double bleu(CaptionHead head, FeatureExtractor backbone, ImageCaptionSet set, RuntimeOptions rt) {
    Map<Integer, String> candidates = new LinkedHashMap<>();
    Map<Integer, List<String>> references = new LinkedHashMap<>();
    try (CaptionDecoder decoder = CaptionDecoder.create(head, rt)) {
      for (int i = 0; i < set.imageCount(); i++) {
        HostTensor features = backbone.features(set.images(i, 1));
        GeneratedCaption g = decoder.greedy(features).get(0);
        candidates.put(i, String.join(" ", head.vocabulary().tokenizer().tokenize(g.text())));
        references.put(i, set.captions().get(i).stream()
            .map(s -> String.join(" ", head.vocabulary().tokenizer().tokenize(s))).toList());
      }
    }
    return Bleu.score(candidates, references).bleu4();
  }
}

package io.visft.examples.ood;

import io.visft.core.data.coco.CaptionAnnotation;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.CocoImageFiles;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.Pooling;
import io.visft.core.eval.zeroshot.RetrievalEvaluation;
import io.visft.core.eval.zeroshot.RetrievalResult;
import io.visft.core.eval.zeroshot.TextEmbeddings;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code retrieval} benchmark: the captioned images of a COCO captions file against all their
 * captions (embedded once by the text source); recall@1/5/10 image→text and text→image per
 * backbone.
 */
final class RetrievalBenchmark {
  private RetrievalBenchmark() {}

  static List<MetricRow> run(BenchmarkSpec b, SuiteRunner runner) {
    CocoDataset coco = b.coco().open();
    List<CocoImage> captioned =
        coco.images().stream().filter(i -> !coco.captions(i.id()).isEmpty()).toList();
    CocoImageFiles images = b.coco().images(captioned, "with captions");
    List<String> captions = new ArrayList<>();
    List<Integer> captionImage = new ArrayList<>();
    for (int i = 0; i < captioned.size(); i++) {
      for (CaptionAnnotation c : coco.captions(captioned.get(i).id())) {
        captions.add(c.caption());
        captionImage.add(i);
      }
    }
    TextEmbeddings text = b.text().captions(captions, runner.runtime());
    int[] links = captionImage.stream().mapToInt(Integer::intValue).toArray();
    List<RetrievalResult> results = new ArrayList<>();
    for (Backbone backbone : runner.backbones()) {
      ImageEmbeddings e = runner.embed(backbone, images, b, Pooling.Mode.CLS);
      results.add(RetrievalEvaluation.run(e.pooled(), text.vectors(), links, text.source()));
    }
    String data =
        b.coco().describe()
            + " ("
            + captioned.size()
            + " images, "
            + captions.size()
            + " captions), "
            + b.text().describe();
    List<MetricRow> rows = new ArrayList<>();
    for (int k : RetrievalEvaluation.RECALL_AT) {
      rows.add(
          new MetricRow(
              b.name(),
              data,
              "image->text R@" + k,
              results.stream().map(r -> r.imageToText().get(k)).toList()));
    }
    for (int k : RetrievalEvaluation.RECALL_AT) {
      rows.add(
          new MetricRow(
              b.name(),
              data,
              "text->image R@" + k,
              results.stream().map(r -> r.textToImage().get(k)).toList()));
    }
    return rows;
  }
}

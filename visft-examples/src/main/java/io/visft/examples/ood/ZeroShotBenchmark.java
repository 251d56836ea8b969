package io.visft.examples.ood;

import io.visft.core.data.LabeledImages;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.Pooling;
import io.visft.core.eval.zeroshot.TextEmbeddings;
import io.visft.core.eval.zeroshot.ZeroShotClassification;
import io.visft.core.eval.zeroshot.ZeroShotResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code zero-shot} benchmark: the data set's class names embedded once by the text source, each
 * backbone's EVA-CLIP image embeddings classified by cosine similarity; top-1 and top-5 accuracy.
 */
final class ZeroShotBenchmark {
  private ZeroShotBenchmark() {}

  static List<MetricRow> run(BenchmarkSpec b, SuiteRunner runner) {
    LabeledImages images = b.data().open();
    TextEmbeddings classes = b.text().classes(images.classNames(), runner.runtime());
    List<ConfidenceInterval> top1 = new ArrayList<>();
    List<ConfidenceInterval> topK = new ArrayList<>();
    int k = 0;
    for (Backbone backbone : runner.backbones()) {
      ImageEmbeddings e = runner.embed(backbone, images, b, Pooling.Mode.CLS);
      ZeroShotResult r = ZeroShotClassification.run(e.pooled(), e.labels(), classes);
      top1.add(r.top1());
      topK.add(r.topK());
      k = r.k();
    }
    String data = b.data().describe() + ", " + b.text().describe();
    return List.of(
        new MetricRow(b.name(), data, "zero-shot top-1", top1),
        new MetricRow(b.name(), data, "zero-shot top-" + k, topK));
  }
}

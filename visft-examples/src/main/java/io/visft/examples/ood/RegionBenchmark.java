package io.visft.examples.ood;

import io.visft.api.ShapeException;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.CocoImageFiles;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.Pooling;
import io.visft.core.eval.region.CocoRegions;
import io.visft.core.eval.region.RegionFeatures;
import io.visft.core.eval.region.RegionProbe;
import io.visft.core.eval.region.RegionSet;
import io.visft.core.eval.region.RegionSplit;
import io.visft.core.eval.zeroshot.TextEmbeddings;
import io.visft.core.eval.zeroshot.ZeroShotClassification;
import io.visft.core.eval.zeroshot.ZeroShotResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code region} benchmark (grounded object identification): every object box of a COCO instances
 * file, RoI-align pooled from each backbone's dense map, classified by a linear probe on a split by
 * image, or zero-shot against the category names' text embeddings.
 */
final class RegionBenchmark {
  private RegionBenchmark() {}

  static List<MetricRow> run(BenchmarkSpec b, SuiteRunner runner) {
    CocoDataset coco = b.coco().open();
    List<CocoImage> withObjects =
        coco.images().stream().filter(i -> !coco.instances(i.id()).isEmpty()).toList();
    CocoImageFiles images = b.coco().images(withObjects, "with objects");
    RegionSet regions = CocoRegions.of(coco, images.images(), b.imageSize());
    boolean probe = RegionSpec.PROBE.equals(b.region().classifier());
    RegionSplit split =
        probe
            ? RegionSplit.byImage(regions.images(), b.region().testFraction(), b.region().seed())
            : null;
    TextEmbeddings classes =
        probe ? null : b.text().classes(regions.classNames(), runner.runtime());
    List<ConfidenceInterval> first = new ArrayList<>();
    List<ConfidenceInterval> second = new ArrayList<>();
    int k = 0;
    for (Backbone backbone : runner.backbones()) {
      ImageEmbeddings e = runner.embed(backbone, images, b, Pooling.Mode.DENSE);
      FeatureMatrix features =
          RegionFeatures.pool(e.dense(), regions.regions(), b.imageSize(), b.region().align());
      if (probe) {
        first.add(
            RegionProbe.run(
                    features,
                    regions.labels(),
                    split,
                    regions.classNames().size(),
                    b.probe(),
                    runner.runtime())
                .accuracy());
      } else {
        ZeroShotResult r =
            ZeroShotClassification.run(
                requireWidth(features, classes, backbone), regions.labels(), classes);
        first.add(r.top1());
        second.add(r.topK());
        k = r.k();
      }
    }
    String data =
        b.coco().describe()
            + " ("
            + regions.regions().size()
            + " regions, "
            + regions.classNames().size()
            + " classes)";
    if (probe) {
      return List.of(
          new MetricRow(b.name(), data, "region probe (" + split.test().length + " test)", first));
    }
    return List.of(
        new MetricRow(b.name(), data, "region zero-shot top-1", first),
        new MetricRow(b.name(), data, "region zero-shot top-" + k, second));
  }

  private static FeatureMatrix requireWidth(
      FeatureMatrix features, TextEmbeddings classes, Backbone backbone) {
    if (features.dim() != classes.dim()) {
      throw new ShapeException(
          "region features of backbone '"
              + backbone.name()
              + "' come from its dense map, width "
              + features.dim()
              + ", but the text embeddings from "
              + classes.source()
              + " have width "
              + classes.dim()
              + "; zero-shot region identification needs text embeddings of the backbone's width. Use \"classifier\": "
              + "\"probe\" instead");
    }
    return features;
  }
}

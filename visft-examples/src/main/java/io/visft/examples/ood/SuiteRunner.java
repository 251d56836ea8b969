package io.visft.examples.ood;

import io.visft.api.ConfigException;
import io.visft.core.data.LabeledImages;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.EmbeddingCache;
import io.visft.core.eval.EmbeddingCacheKey;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.FewShotEvaluation;
import io.visft.core.eval.FewShotResult;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.LinearProbeEvaluation;
import io.visft.core.eval.Pooling;
import io.visft.core.runtime.RuntimeOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a suite for each backbone variant: embeds the images (through the cache), then scores them.
 * Not thread-safe.
 */
public final class SuiteRunner {
  private final List<Backbone> backbones;
  private final EmbeddingCache cache;
  private final int batchSize;
  private final RuntimeOptions runtime;
  private final PrintStream progress;
  private final List<CacheUse> cacheUses = new ArrayList<>();

  /**
   * @param backbones variants to compare, base first
   * @param cache where embeddings are kept between runs
   * @param batchSize images per backbone call
   * @param runtime where the probes train
   * @param progress where progress bars are drawn
   */
  public SuiteRunner(
      List<Backbone> backbones,
      EmbeddingCache cache,
      int batchSize,
      RuntimeOptions runtime,
      PrintStream progress) {
    this.backbones = List.copyOf(backbones);
    this.cache = cache;
    this.batchSize = batchSize;
    this.runtime = runtime;
    this.progress = progress;
  }

  /** The metric rows of every benchmark, in suite order. */
  public List<MetricRow> run(List<BenchmarkSpec> suite) {
    List<MetricRow> rows = new ArrayList<>();
    for (BenchmarkSpec b : suite) {
      rows.addAll(
          switch (b.type()) {
            case BenchmarkSpec.FEW_SHOT -> fewShot(b);
            case BenchmarkSpec.LINEAR_PROBE -> List.of(linearProbe(b));
            case BenchmarkSpec.ZERO_SHOT -> ZeroShotBenchmark.run(b, this);
            case BenchmarkSpec.RETRIEVAL -> RetrievalBenchmark.run(b, this);
            case BenchmarkSpec.REGION -> RegionBenchmark.run(b, this);
            case BenchmarkSpec.TEXT_RECOGNITION ->
                TextRecognitionBenchmark.run(b, backbones, this, runtime);
            default ->
                throw new IllegalStateException(
                    "benchmark '" + b.name() + "' has unhandled type " + b.type());
          });
    }
    return rows;
  }

  /** The variants, base first. */
  List<Backbone> backbones() {
    return backbones;
  }

  /** Where probes train and text towers run. */
  RuntimeOptions runtime() {
    return runtime;
  }

  private List<MetricRow> fewShot(BenchmarkSpec b) {
    LabeledImages images = b.data().open();
    List<ConfidenceInterval> knn = new ArrayList<>();
    List<ConfidenceInterval> probe = new ArrayList<>();
    for (Backbone backbone : backbones) {
      ImageEmbeddings e = embed(backbone, images, b);
      FewShotResult r =
          FewShotEvaluation.run(e.pooled(), e.labels(), b.fewShot(), b.probe(), runtime);
      knn.add(r.knn());
      probe.add(r.linearProbe());
    }
    FewShotConfig c = b.fewShot();
    String protocol = c.ways() + "-way " + c.shots() + "-shot";
    return List.of(
        new MetricRow(
            b.name(), b.data().describe(), protocol + " " + c.knnNeighbours() + "-NN", knn),
        new MetricRow(b.name(), b.data().describe(), protocol + " linear probe", probe));
  }

  private MetricRow linearProbe(BenchmarkSpec b) {
    LabeledImages train = b.train().open();
    LabeledImages test = b.test().open();
    List<ConfidenceInterval> accuracy = new ArrayList<>();
    for (Backbone backbone : backbones) {
      ImageEmbeddings tr = embed(backbone, train, b);
      ImageEmbeddings te = embed(backbone, test, b);
      accuracy.add(
          LinearProbeEvaluation.run(
                  tr.pooled(),
                  tr.labels(),
                  te.pooled(),
                  te.labels(),
                  train.classNames().size(),
                  b.probe(),
                  runtime)
              .accuracy());
    }
    return new MetricRow(
        b.name(), b.train().describe() + " -> " + b.test().describe(), "linear probe", accuracy);
  }

  private ImageEmbeddings embed(Backbone backbone, LabeledImages images, BenchmarkSpec b) {
    return embed(backbone, images, b, Pooling.Mode.MEAN);
  }

  /**
   * The embeddings of {@code images} through the cache: {@link Pooling.Mode#MEAN} the mean map,
   * {@link Pooling.Mode#DENSE} also the maps, {@link Pooling.Mode#CLS} the EVA-CLIP embeddings.
   */
  ImageEmbeddings embed(
      Backbone backbone, LabeledImages images, BenchmarkSpec b, Pooling.Mode mode) {
    FeatureExtractor extractor = mode == Pooling.Mode.CLS ? backbone.tower() : backbone.extractor();
    if (extractor == null) {
      throw new ConfigException(
          "benchmark '"
              + b.name()
              + "' scores EVA-CLIP image embeddings, but backbone '"
              + backbone.name()
              + "' was opened without its visual tower (cls_token, head.*)");
    }
    String checkpoint =
        mode == Pooling.Mode.CLS ? backbone.checkpoint() + "|pooling=cls" : backbone.checkpoint();
    boolean dense = mode == Pooling.Mode.DENSE;
    EmbeddingCacheKey key =
        new EmbeddingCacheKey(checkpoint, backbone.adapter(), images.id(), b.imageSize(), dense);
    Optional<ImageEmbeddings> cached = cache.load(key);
    cacheUses.add(new CacheUse(b.name(), backbone.name(), cache.file(key), cached.isPresent()));
    if (cached.isPresent()) {
      return cached.get();
    }
    ImageEmbeddings fresh =
        new ImageEmbedder(extractor, b.imageSize(), batchSize, progress)
            .embed(images, b.name() + " " + backbone.name(), dense);
    cache.store(key, fresh);
    return fresh;
  }

  /** Where each set of embeddings computed so far came from, in the order they were needed. */
  public List<CacheUse> cacheUses() {
    return List.copyOf(cacheUses);
  }
}

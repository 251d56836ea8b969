package io.visft.examples.cli;

import io.visft.api.ConfigException;
import io.visft.core.eval.EmbeddingCache;
import io.visft.core.eval.EmbeddingCacheKey;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.eval.Pooling;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.io.AtomicFiles;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaLoadOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.examples.ood.Backbone;
import io.visft.examples.ood.BenchmarkSpec;
import io.visft.examples.ood.CacheUse;
import io.visft.examples.ood.HtmlReport;
import io.visft.examples.ood.MetricRow;
import io.visft.examples.ood.SuiteFile;
import io.visft.examples.ood.SuiteReport;
import io.visft.examples.ood.SuiteRunner;
import io.visft.lora.BackboneExtractor;
import io.visft.lora.Lora;
import io.visft.lora.format.LoraFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code visft eval-ood}: few-shot, linear-probe, zero-shot, retrieval and region benchmarks, base
 * backbone vs adapted.
 */
@Command(
    name = "eval-ood",
    mixinStandardHelpOptions = true,
    description = {
      "Out-of-domain evaluation of frozen features: few-shot classification (seeded N-way K-shot episodes, "
          + "cosine k-NN and a logistic-regression probe) and full linear probes, for the base backbone and, with --lora, "
          + "the adapted one side by side. Embeddings are the mean of the last-layer map and are cached on disk, keyed by "
          + "the images' contents; the report says which were read from the cache.",
      "With a CLIP text side (precomputed text embeddings or an ONNX text tower with its tokenizer.json): zero-shot "
          + "classification (top-1/top-5) and image-text retrieval (recall@1/5/10 both ways) on the EVA-CLIP visual "
          + "tower's embeddings; and region identification (objects of a COCO instances file, RoI-align features, "
          + "linear probe or zero-shot).",
      "Prints a table (accuracy or recall %% ± 95%% interval, 1.96·std/√n) and writes <out>/results.json and "
          + "<out>/report.html (with an SVG bar chart). VQA is not covered.",
      "",
      SuiteFile.FORMAT,
      ""
    })
final class EvalOodCommand implements Callable<Integer> {
  @Mixin BackboneOptions backbone;

  @Option(
      names = "--lora",
      paramLabel = "<adapter>",
      description =
          "A LoRA adapter (ViSFT .pt file or PEFT folder) to compare against the base backbone.")
  Path lora;

  @Mixin LoraAlphaOption loraAlpha;

  @Option(
      names = "--suite",
      required = true,
      paramLabel = "<suite.json>",
      description = "The benchmarks (format below).")
  Path suite;

  @Option(
      names = "--output",
      defaultValue = "eval-ood",
      paramLabel = "<folder>",
      description = "Where results.json and report.html go (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--cache",
      paramLabel = "<folder>",
      description = "Embedding cache folder (default: <output>/embedding-cache).")
  Path cache;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      paramLabel = "<n>",
      description = "Images per backbone call (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    List<BenchmarkSpec> benchmarks = SuiteFile.read(suite);
    boolean tower = benchmarks.stream().anyMatch(BenchmarkSpec::needsVisualTower);
    EvaLoadOptions options =
        EvaLoadOptions.defaults()
            .withDepthFromCheckpoint(backbone.allowLavisLayout)
            .withVisualTower(tower);
    List<BackboneExtractor> extractors = new ArrayList<>();
    try (EvaWeightsFile ckpt =
        EvaWeightsFile.open(backbone.weights, EvaConfig.resolve(backbone.arch), options)) {
      int patch = ckpt.config().patchSize();
      for (BenchmarkSpec b : benchmarks) {
        if (b.imageSize() % patch != 0) {
          throw new ConfigException(
              "benchmark '"
                  + b.name()
                  + "': image_size "
                  + b.imageSize()
                  + " is not a multiple of the "
                  + "patch size "
                  + patch
                  + "; use "
                  + Math.max(patch, b.imageSize() / patch * patch));
        }
      }
      RuntimeOptions runtime = backbone.runtime();
      // int8 frozen weights give other embeddings than fp32: key them apart (fp32 keys stay as they
      // were)
      FrozenWeights.Precision precision = runtime.frozenWeights();
      String checkpointId =
          EmbeddingCacheKey.fileIdentity(backbone.weights)
              + "|"
              + backbone.arch
              + (precision == FrozenWeights.Precision.FP32
                  ? ""
                  : "|frozen_weights=" + precision.configName());
      List<Backbone> variants = new ArrayList<>();
      variants.add(
          variant(
              "base", ckpt, null, tower, checkpointId, EmbeddingCacheKey.NO_ADAPTER, extractors));
      if (lora != null) {
        variants.add(
            variant(
                "adapted",
                ckpt,
                LoraFiles.read(lora, loraAlpha.value()),
                tower,
                checkpointId,
                EmbeddingCacheKey.fileIdentity(lora) + "|alpha=" + loraAlpha.value(),
                extractors));
      }
      List<String> names = variants.stream().map(Backbone::name).toList();
      EmbeddingCache embeddingCache =
          new EmbeddingCache(cache != null ? cache : output.resolve("embedding-cache"));
      SuiteRunner runner =
          new SuiteRunner(variants, embeddingCache, batchSize, runtime, System.err);
      List<MetricRow> rows = runner.run(benchmarks);
      List<CacheUse> cacheUses = runner.cacheUses();
      System.out.print(SuiteReport.table(names, rows));
      System.out.println(SuiteReport.cacheSummary(cacheUses));
      Files.createDirectories(output);
      write(output.resolve("results.json"), SuiteReport.json(names, rows, cacheUses));
      write(
          output.resolve("report.html"),
          HtmlReport.render(
              "Out-of-domain evaluation: " + suite.getFileName(), names, rows, cacheUses));
      System.out.println(
          "wrote " + output.resolve("results.json") + " and " + output.resolve("report.html"));
      return 0;
    } finally {
      extractors.forEach(BackboneExtractor::close);
    }
  }

  /**
   * A variant whose extractors (one ORT session per input shape each) are added to {@code open} for
   * closing.
   */
  private Backbone variant(
      String name,
      EvaWeightsFile ckpt,
      Lora adapter,
      boolean tower,
      String checkpointId,
      String adapterId,
      List<BackboneExtractor> open) {
    BackboneExtractor maps =
        new BackboneExtractor(ckpt.config(), ckpt.weights(), adapter, backbone.runtime());
    open.add(maps);
    FeatureExtractor embeddings = null;
    if (tower) {
      BackboneExtractor cls =
          new BackboneExtractor(
              Pooling.cls(), ckpt.config(), ckpt.weights(), adapter, backbone.runtime());
      open.add(cls);
      embeddings = FeatureExtractor.ofEmbeddings(cls::features);
    }
    return new Backbone(name, maps, embeddings, checkpointId, adapterId);
  }

  private static void write(Path file, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, channel -> channel.write(ByteBuffer.wrap(bytes)));
  }
}

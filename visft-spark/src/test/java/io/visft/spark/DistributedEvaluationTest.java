package io.visft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.data.BadSamplePolicy;
import io.visft.core.data.folder.ImageFolderDataset;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.FewShotEvaluation;
import io.visft.core.eval.FewShotResult;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.LinearProbeEvaluation;
import io.visft.core.eval.LinearProbeResult;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.BackboneExtractor;
import io.visft.lora.format.LoraFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed few-shot and linear-probe benchmarks on {@code local[2]} against the functions
 * {@code visft eval-ood} runs in one process ({@link FewShotEvaluation}, {@link
 * LinearProbeEvaluation}), on real Fashion-MNIST test images embedded by {@link EmbeddingJob} and
 * by {@link ImageEmbedder} with a tiny random-weight EVA backbone and its ViSFT LoRA adapter: the
 * results are equal exactly (every mean, interval half-width and loss to the bit).
 */
class DistributedEvaluationTest {
  private static final Path EVA = Path.of("../visft-core/src/test/resources/fixtures/eva");
  private static final Path WEIGHTS = EVA.resolve("g_style.safetensors");
  private static final Path ARCH = EVA.resolve("g_style.json");
  private static final Path ADAPTER = EVA.resolve("g_style_visft_lora.pt");
  private static final int IMAGE_SIZE = 16;
  private static final int BATCH = 16;

  /**
   * Small blocks, so the probe's gradient is summed over several blocks in several partitions, the
   * last one shorter.
   */
  private static final LinearProbeConfig PROBE = new LinearProbeConfig(40, 0.05, 1e-4, 64);

  @TempDir static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("visft-evaluation-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void fewShotEqualsTheSingleProcessBenchmark() {
    Path images = dir.resolve("few-shot");
    FashionMnistPngs.write(images, 300);
    FewShotConfig config = new FewShotConfig(5, 2, 6, 12, 7, 3);
    ImageEmbeddings embeddings = singleProcess(images);
    FewShotResult single =
        FewShotEvaluation.run(
            embeddings.pooled(), embeddings.labels(), config, PROBE, RuntimeOptions.cpu());
    FewShotResult distributed;
    try (LabeledEmbeddings table = sparkEmbeddings(images, "few-shot-embeddings")) {
      distributed = DistributedFewShot.run(table, config, PROBE, RuntimeOptions.cpu());
    }
    assertEquals(single, distributed);
    assertTrue(single.knn().mean() > 0.2, "5-way k-NN should beat chance: " + single.knn());
  }

  @Test
  void linearProbeEqualsTheSingleProcessBenchmark() {
    Path trainImages = dir.resolve("train");
    Path testImages = dir.resolve("test");
    FashionMnistPngs.write(trainImages, 0, 300);
    FashionMnistPngs.write(testImages, 300, 400);
    ImageEmbeddings train = singleProcess(trainImages);
    ImageEmbeddings test = singleProcess(testImages);
    int classes = ImageFolderDataset.open(trainImages).classNames().size();
    LinearProbeResult single =
        LinearProbeEvaluation.run(
            train.pooled(),
            train.labels(),
            test.pooled(),
            test.labels(),
            classes,
            PROBE,
            RuntimeOptions.cpu());
    LinearProbeResult distributed;
    try (LabeledEmbeddings trainTable = sparkEmbeddings(trainImages, "train-embeddings");
        LabeledEmbeddings testTable = sparkEmbeddings(testImages, "test-embeddings")) {
      assertEquals(classes, trainTable.classNames().size());
      distributed = DistributedLinearProbe.run(trainTable, testTable, classes, PROBE, "cpu");
    }
    assertEquals(single, distributed);
    assertEquals(300, distributed.trainImages());
    assertTrue(
        single.accuracy().mean() > 0.2,
        "a 10-class probe should beat chance: " + single.accuracy());
  }

  /**
   * Embeds the folder with EmbeddingJob (in 4 partitions) and reads it back as labelled embeddings.
   */
  private static LabeledEmbeddings sparkEmbeddings(Path images, String name) {
    ModelFiles model = ModelFiles.sharedPaths(WEIGHTS, ARCH.toString(), ADAPTER, 1.0);
    String output = dir.resolve(name).toString();
    EmbeddingJob.run(
        spark
            .read()
            .format("binaryFile")
            .load(images.resolve("*").resolve("*.png").toString())
            .repartition(4),
        new EmbeddingJobConfig(model, IMAGE_SIZE, BATCH, BadSamplePolicy.FAIL, "cpu"),
        output);
    return LabeledEmbeddings.ofImageFolder(spark.read().parquet(output).repartition(3));
  }

  /** The embeddings eval-ood computes in one process for an image folder. */
  private static ImageEmbeddings singleProcess(Path images) {
    ImageFolderDataset data = ImageFolderDataset.open(images);
    try (EvaWeightsFile ckpt = EvaWeightsFile.open(WEIGHTS, ARCH.toString(), false);
        BackboneExtractor extractor =
            new BackboneExtractor(
                ckpt.config(),
                ckpt.weights(),
                LoraFiles.read(ADAPTER, 1.0),
                RuntimeOptions.cpu())) {
      return new ImageEmbedder(
              extractor, IMAGE_SIZE, BATCH, new PrintStream(OutputStream.nullOutputStream()))
          .embed(data, "single process", false);
    }
  }
}

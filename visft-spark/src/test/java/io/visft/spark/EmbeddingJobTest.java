package io.visft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.core.data.BadSamplePolicy;
import io.visft.core.data.folder.ImageFolderDataset;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.BackboneExtractor;
import io.visft.lora.format.LoraFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmbeddingJob} on {@code local[2]} over real Fashion-MNIST test images and one corrupt
 * file, with a tiny random-weight EVA backbone and its ViSFT LoRA adapter shipped as job files: its
 * embeddings equal the single-process {@link ImageEmbedder}'s, the corrupt file is reported under
 * {@code SKIP} and fails the job, by name, under {@code FAIL}.
 */
class EmbeddingJobTest {
  private static final Path EVA = Path.of("../visft-core/src/test/resources/fixtures/eva");
  private static final Path WEIGHTS = EVA.resolve("g_style.safetensors");
  private static final Path ARCH = EVA.resolve("g_style.json");
  private static final Path ADAPTER = EVA.resolve("g_style_visft_lora.pt");
  private static final int IMAGES = 200;
  private static final int IMAGE_SIZE = 16;
  private static final int BATCH = 16;

  @TempDir static Path dir;
  private static SparkSession spark;
  private static Path goodImages;
  private static Path corrupt;

  @BeforeAll
  static void start() throws IOException {
    goodImages = dir.resolve("images");
    FashionMnistPngs.write(goodImages, IMAGES);
    corrupt = Files.createDirectories(dir.resolve("broken")).resolve("corrupt.png");
    Files.write(corrupt, "not a png at all".getBytes(StandardCharsets.US_ASCII));
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("visft-embedding-test")
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
  void embeddingsEqualTheSingleProcessOnesAndTheCorruptFileIsReported() {
    EmbeddingJobResult result =
        EmbeddingJob.run(images(), config(BadSamplePolicy.SKIP), dir.resolve("out").toString());

    assertEquals(IMAGES, result.embedded());
    assertEquals(1, result.skipped());
    assertEquals(1, result.firstSkipped().size());
    assertTrue(
        result.firstSkipped().get(0).contains("corrupt.png")
            && result.firstSkipped().get(0).contains("unsupported image format"),
        result.firstSkipped().toString());
    TreeMap<String, float[]> spark = readEmbeddings(result.output());
    TreeMap<String, float[]> single = singleProcess();
    assertEquals(single.keySet(), spark.keySet());
    for (String name : single.keySet()) {
      float[] want = single.get(name);
      float[] got = spark.get(name);
      assertEquals(want.length, got.length, name);
      double scale = 0;
      double diff = 0;
      for (int i = 0; i < want.length; i++) {
        scale = Math.max(scale, Math.abs(want[i]));
        diff = Math.max(diff, Math.abs(want[i] - got[i]));
      }
      assertTrue(scale > 0, name + " has an all-zero embedding");
      assertTrue(
          diff <= 1e-6 * scale, name + ": max |diff| " + diff + " against max |value| " + scale);
    }
  }

  @Test
  void underFailTheJobFailsNamingTheCorruptFile() {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                EmbeddingJob.run(
                    images(), config(BadSamplePolicy.FAIL), dir.resolve("failed").toString()));
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertTrue(messages.toString().contains("corrupt.png"), messages.toString());
  }

  @Test
  void aTableWithoutTheBinaryFileColumnsIsRejectedNamingThem() {
    Dataset<Row> paths = spark.read().format("binaryFile").load(corrupt.toString()).select("path");
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                EmbeddingJob.run(
                    paths, config(BadSamplePolicy.SKIP), dir.resolve("unused").toString()));
    assertTrue(
        e.getMessage().contains("[path]") && e.getMessage().contains("'content'"), e.getMessage());
  }

  @Test
  void thePartitionsOptionPacksTheSmallFilesOrSpreadsThem() {
    Dataset<Row> files =
        spark.read().format("binaryFile").load(goodImages.resolve("*").resolve("*.png").toString());
    int natural = files.rdd().getNumPartitions();
    assertTrue(
        natural > 2,
        "binaryFile should read " + IMAGES + " small files in many partitions, got " + natural);
    Dataset<Row> packed = EmbedImagesApp.partitioned(files, 2);
    assertEquals(2, packed.rdd().getNumPartitions());
    assertEquals(IMAGES, packed.count());
    assertEquals(
        natural + 3, EmbedImagesApp.partitioned(files, natural + 3).rdd().getNumPartitions());
    assertThrows(ConfigException.class, () -> EmbedImagesApp.partitioned(files, 0));
  }

  private static Dataset<Row> images() {
    return spark
        .read()
        .format("binaryFile")
        .load(goodImages.resolve("*").resolve("*.png").toString(), corrupt.toString())
        .repartition(4);
  }

  private static EmbeddingJobConfig config(BadSamplePolicy policy) {
    ModelFiles model =
        ModelFiles.sharedPaths(WEIGHTS, ARCH.toString(), ADAPTER, 1.0).ship(spark.sparkContext());
    return new EmbeddingJobConfig(model, IMAGE_SIZE, BATCH, policy, "cpu");
  }

  private static TreeMap<String, float[]> readEmbeddings(String output) {
    TreeMap<String, float[]> byName = new TreeMap<>();
    for (Row row : spark.read().parquet(output).collectAsList()) {
      List<Float> values = row.getList(row.fieldIndex("embedding"));
      float[] v = new float[values.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = values.get(i);
      }
      String id = row.getString(row.fieldIndex("id"));
      byName.put(id.substring(id.lastIndexOf('/') + 1), v);
    }
    return byName;
  }

  /** The embeddings as eval-ood computes them in one process, by file name. */
  private static TreeMap<String, float[]> singleProcess() {
    ImageFolderDataset data = ImageFolderDataset.open(goodImages);
    try (EvaWeightsFile ckpt = EvaWeightsFile.open(WEIGHTS, ARCH.toString(), false);
        BackboneExtractor extractor =
            new BackboneExtractor(
                ckpt.config(),
                ckpt.weights(),
                LoraFiles.read(ADAPTER, 1.0),
                RuntimeOptions.cpu())) {
      ImageEmbedder embedder =
          new ImageEmbedder(
              extractor, IMAGE_SIZE, BATCH, new PrintStream(OutputStream.nullOutputStream()));
      FeatureMatrix pooled = embedder.embed(data, "single process", false).pooled();
      TreeMap<String, float[]> byName = new TreeMap<>();
      for (int i = 0; i < data.size(); i++) {
        float[] v = new float[pooled.dim()];
        System.arraycopy(pooled.values(), i * pooled.dim(), v, 0, v.length);
        byName.put(data.file(i).getFileName().toString(), v);
      }
      return byName;
    }
  }
}

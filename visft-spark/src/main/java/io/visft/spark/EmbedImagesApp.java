package io.visft.spark;

import io.visft.api.ConfigException;
import io.visft.core.data.BadSamplePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} entry point of {@link EmbeddingJob}: reads images with Spark's {@code
 * binaryFile} source, embeds them and writes Parquet; prints the job's result (counts and the first
 * skipped images) and exits non-zero when the job fails.
 */
@Command(
    name = "visft-spark-embed",
    mixinStandardHelpOptions = true,
    description =
        "Embeds images with an (adapted) EVA backbone on Spark: Parquet of id and mean-pooled embedding.")
public final class EmbedImagesApp implements Callable<Integer> {
  @Option(
      names = "--images",
      required = true,
      split = ",",
      paramLabel = "<path|glob>",
      description =
          "Image files, folders or globs, as Spark's binaryFile source reads them (comma-separated).")
  List<String> images;

  @Option(
      names = "--recursive",
      description = "Read folders recursively (binaryFile's recursiveFileLookup).")
  boolean recursive;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "<dir>",
      description = "Parquet output (overwritten).")
  String output;

  @Option(
      names = "--arch",
      required = true,
      paramLabel = "<preset|config.json>",
      description =
          "Backbone architecture: a preset (eva-vit-g-14, eva-vit-e-14) or a JSON config file.")
  String arch;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "<checkpoint>",
      description = "Backbone checkpoint.")
  Path weights;

  @Option(
      names = "--lora",
      paramLabel = "<adapter>",
      description = "A ViSFT .pt LoRA adapter or a PEFT adapter folder.")
  Path lora;

  @Option(
      names = "--lora-alpha",
      defaultValue = "1",
      paramLabel = "<alpha>",
      description = "lora_alpha of a ViSFT .pt adapter (default: ${DEFAULT-VALUE}).")
  double loraAlpha;

  @Option(
      names = "--shared-paths",
      description =
          "The model files are on a file system every executor reads: do not "
              + "add them to the job.")
  boolean sharedPaths;

  @Option(
      names = "--image-size",
      defaultValue = "224",
      paramLabel = "<pixels>",
      description = "Side images are resized to (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      paramLabel = "<n>",
      description = "Images per ONNX Runtime call on an executor (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--on-bad-image",
      defaultValue = "fail",
      paramLabel = "<fail|skip>",
      description =
          "An image that cannot be decoded fails the job or is skipped and reported (default: ${DEFAULT-VALUE}).")
  BadSamplePolicy onBadImage;

  @Option(
      names = "--partitions",
      paramLabel = "<n>",
      description =
          "Spark partitions (tasks) to embed in: the many small partitions the binaryFile source makes of small "
              + "files are packed into n without a shuffle (repartitioned when there are fewer than n). Default: as read.")
  Integer partitions;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      paramLabel = "<cpu|cuda|cuda:N>",
      description = "ONNX Runtime execution provider on the executors (default: ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() {
    SparkSession spark = SparkSession.builder().appName("visft-spark-embed").getOrCreate();
    try {
      ModelFiles model = ModelFiles.sharedPaths(weights, arch, lora, loraAlpha);
      if (!sharedPaths) {
        model = model.ship(spark.sparkContext());
      }
      Dataset<Row> table =
          spark
              .read()
              .format("binaryFile")
              .option("recursiveFileLookup", recursive)
              .load(images.toArray(String[]::new));
      if (partitions != null) {
        table = partitioned(table, partitions);
      }
      long start = System.nanoTime();
      EmbeddingJobResult result =
          EmbeddingJob.run(
              table,
              new EmbeddingJobConfig(model, imageSize, batchSize, onBadImage, device),
              output);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println(
          "embedded "
              + result.embedded()
              + " images to "
              + result.output()
              + "; skipped "
              + result.skipped()
              + (result.firstSkipped().isEmpty() ? "" : ", first: " + result.firstSkipped()));
      System.out.println(
          String.format(
              Locale.ROOT,
              "job time %.1f s, %.1f images/s, %d partitions",
              seconds,
              (result.embedded() + result.skipped()) / seconds,
              table.rdd().getNumPartitions()));
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * {@code table} in {@code n} partitions: neighbouring partitions merged, or a shuffle when it has
   * fewer.
   */
  static Dataset<Row> partitioned(Dataset<Row> table, int n) {
    if (n <= 0) {
      throw new ConfigException("--partitions must be positive, got " + n);
    }
    return table.rdd().getNumPartitions() >= n ? table.coalesce(n) : table.repartition(n);
  }

  /** Runs the job; the exit code is 0 on success. */
  public static void main(String[] args) {
    System.exit(
        new CommandLine(new EmbedImagesApp())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .execute(args));
  }
}

package io.visft.spark;

import static org.apache.spark.sql.functions.col;

import io.visft.api.ConfigException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Embeds a table of images with an (adapted) EVA backbone on Spark and writes the embeddings as
 * Parquet: {@code id} (string, the image's path) and {@code embedding} ({@code array<float>}, the
 * backbone's last-layer map mean-pooled to {@code [C]}, exactly as {@link
 * io.visft.core.eval.ImageEmbedder} computes it in one process).
 *
 * <p>The input has the columns of Spark's {@code binaryFile} source that the job reads: {@code
 * path} (string) and {@code content} (binary), e.g. {@code
 * spark.read().format("binaryFile").load(dir)}. Each executor JVM opens the backbone once ({@link
 * ExecutorBackbones}); ship the files with {@link ModelFiles#ship} or give paths all executors can
 * read.
 */
public final class EmbeddingJob {
  /** How many skipped images the result names. */
  public static final int NAMED_SKIPPED = 5;

  /** The rows the partitions produce: an embedding, or the error of an image left out. */
  static final StructType EMBEDDED =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField(
                "embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField("error", DataTypes.StringType, true)
          });

  private EmbeddingJob() {}

  /**
   * Embeds {@code images} and writes the embeddings to {@code output} (Parquet, overwritten).
   *
   * @throws ConfigException when {@code images} lacks the {@code path} or {@code content} column
   * @throws org.apache.spark.SparkException naming the file, when an image cannot be decoded under
   *     {@code FAIL}
   */
  public static EmbeddingJobResult run(
      Dataset<Row> images, EmbeddingJobConfig config, String output) {
    List<String> columns = Arrays.asList(images.columns());
    if (!columns.contains("path") || !columns.contains("content")) {
      throw new ConfigException(
          "the images table has columns "
              + columns
              + "; expected 'path' (string) and 'content' (binary), as Spark's binaryFile source gives");
    }
    Dataset<Row> embedded =
        images
            .select("path", "content")
            .mapPartitions(new EmbedPartition(config), Encoders.row(EMBEDDED))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> good = embedded.filter(col("error").isNull());
      good.select("id", "embedding").write().mode(SaveMode.Overwrite).parquet(output);
      Dataset<Row> bad = embedded.filter(col("error").isNotNull());
      List<String> firstBad =
          bad.orderBy("id")
              .limit(NAMED_SKIPPED)
              .select("error")
              .as(Encoders.STRING())
              .collectAsList();
      return new EmbeddingJobResult(output, good.count(), bad.count(), firstBad);
    } finally {
      embedded.unpersist();
    }
  }
}

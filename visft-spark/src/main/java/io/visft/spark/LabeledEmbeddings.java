package io.visft.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;

import io.visft.api.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A table of labelled embeddings in a fixed row order, the order of the single-process data set: by
 * label, then by id. For an image folder ({@code root/<class>/<image>}) that is exactly {@link
 * io.visft.core.data.folder.ImageFolderDataset}'s order (classes are the sorted folder names,
 * images sorted by name), so row {@code i} here is image {@code i} there and seeded episodes draw
 * the same images. The indexed rows are cached until {@link #close}.
 */
public final class LabeledEmbeddings implements AutoCloseable {
  private static final String CLASS = "class";
  private final JavaRDD<IndexedEmbedding> rows;
  private final List<String> classNames;
  private final int dim;
  private final long count;

  private LabeledEmbeddings(JavaRDD<IndexedEmbedding> rows, List<String> classNames) {
    this.rows = rows;
    this.classNames = List.copyOf(classNames);
    this.count = rows.count();
    if (count == 0) {
      throw new ConfigException("the embeddings table is empty; embed some images first");
    }
    this.dim = rows.first().embedding().length;
  }

  /**
   * The embeddings written by {@link EmbeddingJob} for images in an image folder: the label of an
   * image is the position of its parent folder's name among the sorted folder names.
   *
   * @param embeddings columns {@code id} (the image's path) and {@code embedding} ({@code
   *     array<float>})
   * @throws ConfigException when a column is missing or an id has no parent folder
   */
  public static LabeledEmbeddings ofImageFolder(Dataset<Row> embeddings) {
    List<String> columns = Arrays.asList(embeddings.columns());
    if (!columns.contains("id") || !columns.contains("embedding")) {
      throw new ConfigException(
          "the embeddings table has columns "
              + columns
              + "; expected 'id' (the image path) and 'embedding' (array<float>), as EmbeddingJob writes them");
    }
    Dataset<Row> withClass =
        embeddings.withColumn(CLASS, regexp_extract(col("id"), "([^/]+)/[^/]+$", 1));
    List<String> classes =
        new ArrayList<>(withClass.select(CLASS).distinct().as(Encoders.STRING()).collectAsList());
    if (classes.contains("")) {
      throw new ConfigException(
          "an embedding id has no parent folder; expected ids root/<class>/<image> of an image folder, "
              + "e.g. "
              + withClass
                  .filter(col(CLASS).equalTo(""))
                  .select("id")
                  .as(Encoders.STRING())
                  .first());
    }
    classes.sort(null);
    Column names = array(classes.stream().map(name -> lit(name)).toArray(Column[]::new));
    Dataset<Row> labelled =
        withClass.withColumn("label", array_position(names, col(CLASS)).minus(1).cast("int"));
    return new LabeledEmbeddings(index(labelled), classes);
  }

  private static JavaRDD<IndexedEmbedding> index(Dataset<Row> labelled) {
    return labelled
        .select("label", "id", "embedding")
        .orderBy("label", "id")
        .javaRDD()
        .zipWithIndex()
        .map(
            pair -> {
              Row row = pair._1();
              List<Float> values = row.getList(2);
              float[] embedding = new float[values.size()];
              for (int i = 0; i < embedding.length; i++) {
                embedding[i] = values.get(i);
              }
              return new IndexedEmbedding(pair._2(), embedding, row.getInt(0));
            })
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /** The rows, in index order. */
  JavaRDD<IndexedEmbedding> rows() {
    return rows;
  }

  /** The class names, label {@code i} being name {@code i}. */
  public List<String> classNames() {
    return classNames;
  }

  /** Embedding length. */
  public int dim() {
    return dim;
  }

  /** Number of rows. */
  public long count() {
    return count;
  }

  /**
   * The label of every row, {@code [count]}, in index order (one int per row reaches the driver).
   */
  public int[] labels() {
    return rows.map(IndexedEmbedding::label).collect().stream()
        .mapToInt(Integer::intValue)
        .toArray();
  }

  @Override
  public void close() {
    rows.unpersist(false);
  }
}

package io.visft.spark;

import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.ExactSums;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.LinearClassifier;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.LinearProbeResult;
import io.visft.core.eval.LogisticRegression;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The linear-probe benchmark of {@code eval-ood} ({@link io.visft.core.eval.LinearProbeEvaluation})
 * over Spark tables, with its statistics computed on the executors: the training mean as {@link
 * ExactSums} column sums; then, for each full-batch AdamW step on the driver ({@link
 * LogisticRegression#train}), the gradient summed over blocks of {@link
 * LinearProbeConfig#blockRows} consecutive training rows (one {@link
 * io.visft.core.eval.ProbeGradient} call per block on the executor holding it) in a {@code
 * treeAggregate}; the test rows are scored where they lie. Only the mean, the weights and one hit
 * per test row cross to the driver. The blocks are those one process forms, and every sum is exact,
 * so the result equals {@code LinearProbeEvaluation.run} on the same rows, to the bit.
 */
public final class DistributedLinearProbe {
  private DistributedLinearProbe() {}

  /** Training rows {@code [index · blockRows, …)}, normalised. */
  private record Block(FeatureMatrix x, int[] labels) implements Serializable {}

  /** A step's gradient sums and summed loss. */
  private static final class StepSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ExactSums gradient;
    private double loss;

    StepSums(ExactSums gradient) {
      this.gradient = gradient;
    }

    StepSums merge(StepSums other) {
      gradient.addAll(other.gradient);
      loss += other.loss;
      return this;
    }
  }

  /**
   * @param classes number of labels, at least 2 (the training table's class count)
   * @param device ONNX Runtime device of the gradient sessions on the executors
   */
  public static LinearProbeResult run(
      LabeledEmbeddings train,
      LabeledEmbeddings test,
      int classes,
      LinearProbeConfig probe,
      String device) {
    long rows = train.count();
    int dim = train.dim();
    double rawMax = train.rows().map(r -> maxAbs(r.embedding())).reduce(Math::max);
    ExactSums columnSums =
        train
            .rows()
            .treeAggregate(
                ExactSums.forValues(dim, rows, rawMax),
                (acc, r) -> {
                  matrix(r.embedding(), dim).addColumnSums(acc);
                  return acc;
                },
                (a, b) -> {
                  a.addAll(b);
                  return a;
                });
    float[] center = FeatureMatrix.means(columnSums, rows);
    JavaRDD<Block> blocks =
        blocks(train.rows(), center, probe.blockRows(), dim)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      double maxAbs = blocks.map(b -> b.x().maxAbs()).reduce(Math::max);
      LinearClassifier model =
          LogisticRegression.train(
              rows,
              dim,
              classes,
              maxAbs,
              probe,
              (at, into) -> {
                StepSums sums =
                    blocks.treeAggregate(
                        new StepSums(into.emptyCopy()),
                        (acc, b) -> {
                          acc.loss +=
                              ExecutorProbeGradients.accumulate(
                                  b.x(), b.labels(), at, acc.gradient, device);
                          return acc;
                        },
                        StepSums::merge);
                into.addAll(sums.gradient);
                return sums.loss;
              });
      double lossMax =
          blocks.map(b -> maxAbs(model.rowCrossEntropy(b.x(), b.labels()))).reduce(Math::max);
      ExactSums loss =
          blocks.treeAggregate(
              ExactSums.forValues(1, rows, lossMax),
              (acc, b) -> {
                for (double v : model.rowCrossEntropy(b.x(), b.labels())) {
                  acc.add(0, v);
                }
                return acc;
              },
              (a, b) -> {
                a.addAll(b);
                return a;
              });
      List<Byte> hits =
          test.rows()
              .map(
                  r ->
                      (byte)
                          (model.predict(matrix(r.embedding(), dim).centeredUnitRows(center))[0]
                                  == r.label()
                              ? 1
                              : 0))
              .collect();
      double[] scores = hits.stream().mapToDouble(Byte::doubleValue).toArray();
      return new LinearProbeResult(
          ConfidenceInterval.of(scores), loss.get(0) / rows, Math.toIntExact(rows));
    } finally {
      blocks.unpersist(false);
    }
  }

  /**
   * The training rows grouped as one process groups them: rows {@code [j · size, (j + 1) · size)}
   * in block {@code j}.
   */
  private static JavaRDD<Block> blocks(
      JavaRDD<IndexedEmbedding> rows, float[] center, int size, int dim) {
    return rows.mapToPair(r -> new Tuple2<>(r.index() / size, r))
        .groupByKey()
        .map(
            group -> {
              List<IndexedEmbedding> members = new ArrayList<>();
              group._2().forEach(members::add);
              members.sort(Comparator.comparingLong(IndexedEmbedding::index));
              float[] values = new float[members.size() * dim];
              int[] labels = new int[members.size()];
              for (int i = 0; i < members.size(); i++) {
                float[] e = members.get(i).embedding();
                if (e.length != dim) {
                  throw new IllegalArgumentException(
                      "embedding of row "
                          + members.get(i).index()
                          + " has "
                          + e.length
                          + " values, expected "
                          + dim
                          + " as the first row; embed every image with one backbone");
                }
                System.arraycopy(e, 0, values, i * dim, dim);
                labels[i] = members.get(i).label();
              }
              return new Block(
                  new FeatureMatrix(members.size(), dim, values).centeredUnitRows(center), labels);
            });
  }

  private static FeatureMatrix matrix(float[] embedding, int dim) {
    return new FeatureMatrix(1, dim, embedding);
  }

  private static double maxAbs(float[] values) {
    return new FeatureMatrix(1, values.length, values).maxAbs();
  }

  private static double maxAbs(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}

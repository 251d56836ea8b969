package io.visft.spark;

import io.visft.api.ConfigException;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.FewShotResult;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.LinearProbeResult;
import io.visft.core.runtime.RuntimeOptions;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code spark-submit} entry point of the distributed out-of-domain benchmarks over embeddings
 * written by {@link EmbedImagesApp} from image folders ({@code root/<class>/<image>}): the few-shot
 * benchmark ({@link DistributedFewShot}) and the linear probe ({@link DistributedLinearProbe}),
 * with {@code visft eval-ood}'s defaults and numbers. Prints one line per metric: accuracy % ± the
 * 95% interval.
 */
@Command(
    name = "visft-spark-eval",
    mixinStandardHelpOptions = true,
    description =
        "Few-shot (cosine k-NN and logistic-regression probe) and linear-probe accuracy of embeddings "
            + "written by visft-spark-embed from image folders, computed on Spark with the numbers of visft eval-ood.")
public final class EvaluateEmbeddingsApp implements Callable<Integer> {
  @Option(
      names = "--few-shot",
      paramLabel = "<parquet>",
      description = "Embeddings to run few-shot episodes on.")
  String fewShot;

  @Option(
      names = "--train",
      paramLabel = "<parquet>",
      description = "Linear probe: training embeddings (with --test).")
  String train;

  @Option(
      names = "--test",
      paramLabel = "<parquet>",
      description = "Linear probe: test embeddings (with --train).")
  String test;

  @Option(
      names = "--ways",
      defaultValue = "5",
      description = "Classes per episode (default: ${DEFAULT-VALUE}).")
  int ways;

  @Option(
      names = "--shots",
      defaultValue = "1",
      description = "Support images per class (default: ${DEFAULT-VALUE}).")
  int shots;

  @Option(
      names = "--queries",
      defaultValue = "15",
      description = "Query images per class (default: ${DEFAULT-VALUE}).")
  int queries;

  @Option(
      names = "--episodes",
      defaultValue = "100",
      description = "Episodes (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the episode draws (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--knn-k",
      defaultValue = "1",
      description = "k of the cosine k-NN (default: ${DEFAULT-VALUE}).")
  int knnK;

  @Option(
      names = "--probe-steps",
      defaultValue = "300",
      description = "Full-batch AdamW steps (default: ${DEFAULT-VALUE}).")
  int probeSteps;

  @Option(
      names = "--probe-learning-rate",
      defaultValue = "0.05",
      description = "Probe learning rate (default: ${DEFAULT-VALUE}).")
  double probeLearningRate;

  @Option(
      names = "--probe-weight-decay",
      defaultValue = "1e-4",
      description = "Probe weight decay (default: ${DEFAULT-VALUE}).")
  double probeWeightDecay;

  @Option(
      names = "--block-rows",
      defaultValue = "" + LinearProbeConfig.BLOCK_ROWS,
      description =
          "Training rows per gradient block; eval-ood uses the default (default: ${DEFAULT-VALUE}).")
  int blockRows;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      paramLabel = "<cpu|cuda|cuda:N>",
      description = "ONNX Runtime device of the probes (default: ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() {
    if (fewShot == null && train == null && test == null) {
      throw new ConfigException(
          "nothing to evaluate: give --few-shot <parquet>, or --train and --test <parquet>");
    }
    if ((train == null) != (test == null)) {
      throw new ConfigException(
          "a linear probe needs both --train and --test, got only "
              + (train == null ? "--test " + test : "--train " + train));
    }
    LinearProbeConfig probe =
        new LinearProbeConfig(probeSteps, probeLearningRate, probeWeightDecay, blockRows);
    SparkSession spark = SparkSession.builder().appName("visft-spark-eval").getOrCreate();
    try {
      if (fewShot != null) {
        FewShotConfig config = new FewShotConfig(ways, shots, queries, episodes, seed, knnK);
        try (LabeledEmbeddings data =
            LabeledEmbeddings.ofImageFolder(spark.read().parquet(fewShot))) {
          FewShotResult r =
              DistributedFewShot.run(data, config, probe, RuntimeOptions.parse(device));
          String protocol = ways + "-way " + shots + "-shot";
          print(protocol + " " + knnK + "-NN", r.knn(), "episodes");
          print(protocol + " linear probe", r.linearProbe(), "episodes");
        }
      }
      if (train != null) {
        try (LabeledEmbeddings trainTable =
                LabeledEmbeddings.ofImageFolder(spark.read().parquet(train));
            LabeledEmbeddings testTable =
                LabeledEmbeddings.ofImageFolder(spark.read().parquet(test))) {
          if (!trainTable.classNames().equals(testTable.classNames())) {
            throw new ConfigException(
                "train classes "
                    + trainTable.classNames()
                    + " differ from test classes "
                    + testTable.classNames()
                    + "; embed image folders with the same class sub-folders");
          }
          LinearProbeResult r =
              DistributedLinearProbe.run(
                  trainTable, testTable, trainTable.classNames().size(), probe, device);
          print("linear probe (" + r.trainImages() + " train images)", r.accuracy(), "test images");
        }
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static void print(String metric, ConfidenceInterval ci, String samples) {
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-40s %.2f ± %.2f %% (%d %s)",
            metric,
            100 * ci.mean(),
            100 * ci.halfWidth(),
            ci.samples(),
            samples));
  }

  /** Runs the benchmarks; the exit code is 0 on success. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new EvaluateEmbeddingsApp()).execute(args));
  }
}

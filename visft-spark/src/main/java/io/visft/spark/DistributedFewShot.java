package io.visft.spark;

import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.Episode;
import io.visft.core.eval.EpisodeClassifiers;
import io.visft.core.eval.EpisodeSampler;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.FewShotResult;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.LogisticRegression;
import io.visft.core.runtime.RuntimeOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The few-shot benchmark of {@code eval-ood} ({@link io.visft.core.eval.FewShotEvaluation}) over a
 * Spark table: the same seeded episodes; only the support rows of all episodes reach the driver,
 * where each episode's {@link EpisodeClassifiers} are fitted exactly as in one process; the
 * classifiers are broadcast and every query is scored on the executors, which send back hit counts
 * per episode. The result equals {@code FewShotEvaluation.run} on the same rows, to the bit.
 */
public final class DistributedFewShot {
  private DistributedFewShot() {}

  /** The episodes' classifiers and, for each query row, the episodes it is a query of. */
  private record Plan(
      List<EpisodeClassifiers> classifiers, long[] queryRows, int[][] episodes, int[][] labels)
      implements Serializable {}

  /**
   * @param probe how each episode's probe is trained (on the driver)
   * @param runtime where the probes train
   */
  public static FewShotResult run(
      LabeledEmbeddings data,
      FewShotConfig config,
      LinearProbeConfig probe,
      RuntimeOptions runtime) {
    int[] labels = data.labels();
    EpisodeSampler sampler = new EpisodeSampler(labels, config);
    List<Episode> episodes = new ArrayList<>();
    for (int e = 0; e < config.episodes(); e++) {
      episodes.add(sampler.episode(e));
    }
    Map<Long, float[]> support = supportRows(data, episodes);
    int dim = data.dim();
    List<EpisodeClassifiers> classifiers = new ArrayList<>();
    try (LogisticRegression regression =
        new LogisticRegression(
            config.ways() * config.shots(), dim, config.ways(), probe, runtime)) {
      for (Episode episode : episodes) {
        float[] raw = new float[episode.support().length * dim];
        for (int i = 0; i < episode.support().length; i++) {
          System.arraycopy(support.get((long) episode.support()[i]), 0, raw, i * dim, dim);
        }
        classifiers.add(
            EpisodeClassifiers.fit(
                new FeatureMatrix(episode.support().length, dim, raw),
                episode.supportLabels(),
                config,
                regression));
      }
    }
    Broadcast<Plan> plan =
        JavaSparkContext.fromSparkContext(data.rows().context())
            .broadcast(plan(classifiers, episodes));
    try {
      int count = episodes.size();
      long[] hits =
          data.rows()
              .treeAggregate(
                  new long[2 * count],
                  (acc, row) -> score(plan.value(), row, acc),
                  (a, b) -> {
                    for (int i = 0; i < a.length; i++) {
                      a[i] += b[i];
                    }
                    return a;
                  });
      double[] knn = new double[count];
      double[] linear = new double[count];
      for (int e = 0; e < count; e++) {
        double queries = episodes.get(e).query().length;
        knn[e] = hits[2 * e] / queries;
        linear[e] = hits[2 * e + 1] / queries;
      }
      return new FewShotResult(ConfidenceInterval.of(knn), ConfidenceInterval.of(linear));
    } finally {
      plan.destroy();
    }
  }

  /** The raw support rows of every episode by row index (a few rows per episode). */
  private static Map<Long, float[]> supportRows(LabeledEmbeddings data, List<Episode> episodes) {
    long[] wanted =
        episodes.stream()
            .flatMapToInt(e -> Arrays.stream(e.support()))
            .asLongStream()
            .sorted()
            .distinct()
            .toArray();
    Map<Long, float[]> rows = new TreeMap<>();
    data.rows()
        .filter(r -> Arrays.binarySearch(wanted, r.index()) >= 0)
        .collect()
        .forEach(r -> rows.put(r.index(), r.embedding()));
    return rows;
  }

  private static Plan plan(List<EpisodeClassifiers> classifiers, List<Episode> episodes) {
    TreeMap<Long, List<int[]>> byRow = new TreeMap<>();
    for (int e = 0; e < episodes.size(); e++) {
      Episode episode = episodes.get(e);
      for (int q = 0; q < episode.query().length; q++) {
        byRow
            .computeIfAbsent((long) episode.query()[q], k -> new ArrayList<>())
            .add(new int[] {e, episode.queryLabels()[q]});
      }
    }
    long[] rows = new long[byRow.size()];
    int[][] ofEpisode = new int[rows.length][];
    int[][] label = new int[rows.length][];
    int i = 0;
    for (Map.Entry<Long, List<int[]>> entry : byRow.entrySet()) {
      rows[i] = entry.getKey();
      ofEpisode[i] = entry.getValue().stream().mapToInt(pair -> pair[0]).toArray();
      label[i] = entry.getValue().stream().mapToInt(pair -> pair[1]).toArray();
      i++;
    }
    return new Plan(List.copyOf(classifiers), rows, ofEpisode, label);
  }

  /**
   * Adds a row's k-NN hits (slot {@code 2e}) and probe hits (slot {@code 2e + 1}) for each episode
   * it is a query of.
   */
  private static long[] score(Plan plan, IndexedEmbedding row, long[] hits) {
    int at = Arrays.binarySearch(plan.queryRows(), row.index());
    if (at < 0) {
      return hits;
    }
    FeatureMatrix query = new FeatureMatrix(1, row.embedding().length, row.embedding());
    for (int j = 0; j < plan.episodes()[at].length; j++) {
      int e = plan.episodes()[at][j];
      EpisodeClassifiers classifiers = plan.classifiers().get(e);
      int truth = plan.labels()[at][j];
      hits[2 * e] += classifiers.knn(query)[0] == truth ? 1 : 0;
      hits[2 * e + 1] += classifiers.probe(query)[0] == truth ? 1 : 0;
    }
    return hits;
  }
}

package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Uncertainty-guided point selection against a reference that sorts every candidate. */
class PointSamplerPropertiesTest {

  /**
   * A {@code h × w} logit map, {@code count} points, the seed of the map and the sampler, and
   * whether logits tie.
   */
  record ImportanceCase(int h, int w, int count, int seed, boolean coarse) {}

  @Test
  void keepsTheMostUncertainCandidatesThenFreshOnes() {
    qt().withExamples(50)
        .forAll(
            integers()
                .between(1, 6)
                .zip(
                    integers().between(1, 6),
                    integers().between(1, 40),
                    integers().between(0, 1000),
                    booleans().all(),
                    ImportanceCase::new))
        .checkAssert(
            c -> {
              int h = c.h();
              int w = c.w();
              int count = c.count();
              int seed = c.seed();
              boolean coarse = c.coarse();
              Random values = new Random(seed);
              float[] logits = new float[h * w];
              for (int i = 0; i < logits.length; i++) {
                logits[i] = coarse ? values.nextInt(3) - 1 : (float) values.nextGaussian();
              }
              double[] got =
                  PointSampler.importance(logits, 0, h, w, count, 3.0, 0.75, new Random(seed));

              Random replay = new Random(seed);
              int candidates = (int) (3.0 * count);
              int uncertain = (int) (0.75 * count);
              double[] pool = PointSampler.uniform(candidates, replay);
              List<Integer> order = new ArrayList<>();
              for (int i = 0; i < candidates; i++) {
                order.add(i);
              }
              order.sort(
                  Comparator.comparingDouble(
                      i ->
                          Math.abs(
                              PointSampler.sample(logits, 0, h, w, pool[2 * i], pool[2 * i + 1]))));
              Set<Integer> expected = new HashSet<>(order.subList(0, uncertain));
              Set<Integer> kept = new HashSet<>();
              for (int n = 0; n < uncertain; n++) {
                for (int i = 0; i < candidates; i++) {
                  if (pool[2 * i] == got[2 * n] && pool[2 * i + 1] == got[2 * n + 1]) {
                    kept.add(i);
                  }
                }
              }
              assertEquals(expected, kept, "the kept candidates");
              double[] fresh = PointSampler.uniform(count - uncertain, replay);
              for (int i = 0; i < fresh.length; i++) {
                assertEquals(fresh[i], got[2 * uncertain + i], "fresh point coordinate " + i);
              }
            });
  }

  @Test
  void tapsSampleLikeThePointwiseBilinear() {
    qt().withExamples(50)
        .forAll(integers().between(1, 7), integers().between(1, 7), integers().between(0, 1000))
        .checkAssert(
            (h, w, seed) -> {
              Random r = new Random(seed);
              float[] map = new float[3 + h * w];
              for (int i = 0; i < map.length; i++) {
                map[i] = (float) r.nextGaussian();
              }
              double[] points = PointSampler.uniform(17, r);
              double[] got = PointSampler.sample(map, 3, PointSampler.taps(h, w, points));
              for (int p = 0; p < 17; p++) {
                assertEquals(
                    PointSampler.sample(map, 3, h, w, points[2 * p], points[2 * p + 1]),
                    got[p],
                    1e-12,
                    "point " + p);
              }
            });
  }

  @Test
  void quickselectFindsTheSortedValue() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 60),
            integers().between(0, 59),
            integers().between(0, 1000),
            booleans().all())
        .checkAssert(
            (n, k, seed, ties) -> {
              Random r = new Random(seed);
              double[] values = new double[n];
              for (int i = 0; i < n; i++) {
                values[i] = ties ? r.nextInt(4) : r.nextGaussian();
              }
              double[] sorted = values.clone();
              java.util.Arrays.sort(sorted);
              int kk = k % n;
              assertEquals(sorted[kk], PointSampler.kthSmallest(values.clone(), kk));
            });
  }
}

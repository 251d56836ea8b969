package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Uncertainty-guided point selection against a reference that sorts every candidate. */
class PointSamplerProperties {

  @Property(tries = 50)
  void keepsTheMostUncertainCandidatesThenFreshOnes(@ForAll @IntRange(min = 1, max = 6) int h,
      @ForAll @IntRange(min = 1, max = 6) int w, @ForAll @IntRange(min = 1, max = 40) int count,
      @ForAll @IntRange(min = 0, max = 1000) int seed, @ForAll boolean coarse) {
    Random values = new Random(seed);
    float[] logits = new float[h * w];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = coarse ? values.nextInt(3) - 1 : (float) values.nextGaussian();
    }
    double[] got = PointSampler.importance(logits, 0, h, w, count, 3.0, 0.75, new Random(seed));

    Random replay = new Random(seed);
    int candidates = (int) (3.0 * count);
    int uncertain = (int) (0.75 * count);
    double[] pool = PointSampler.uniform(candidates, replay);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < candidates; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> Math.abs(PointSampler.sample(logits, 0, h, w, pool[2 * i], pool[2 * i + 1]))));
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
  }
}

package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpisodeSamplerTest {
  // 6 classes of 10 images, interleaved: image i has label i % 6.
  private static final int[] LABELS = IntStream.range(0, 60).map(i -> i % 6).toArray();
  private static final FewShotConfig CONFIG = new FewShotConfig(4, 2, 3, 10, 42, 1);

  @Test
  void episodesHaveDistinctImagesOfTheirDrawnClasses() {
    EpisodeSampler sampler = new EpisodeSampler(LABELS, CONFIG);
    for (int e = 0; e < CONFIG.episodes(); e++) {
      Episode episode = sampler.episode(e);
      assertEquals(
          4,
          Set.of(
                  episode.classes()[0],
                  episode.classes()[1],
                  episode.classes()[2],
                  episode.classes()[3])
              .size());
      assertEquals(8, episode.support().length);
      assertEquals(12, episode.query().length);
      Set<Integer> seen = new HashSet<>();
      check(episode, episode.support(), episode.supportLabels(), seen);
      check(episode, episode.query(), episode.queryLabels(), seen);
      assertEquals(20, seen.size(), "support and query images are all distinct");
    }
  }

  private static void check(Episode episode, int[] images, int[] labels, Set<Integer> seen) {
    for (int i = 0; i < images.length; i++) {
      assertEquals(
          episode.classes()[labels[i]],
          LABELS[images[i]],
          "episode label points at the image's class");
      seen.add(images[i]);
    }
  }

  @Test
  void equalSeedsDrawEqualEpisodesAndOtherSeedsDiffer() {
    Episode a = new EpisodeSampler(LABELS, CONFIG).episode(3);
    Episode b = new EpisodeSampler(LABELS, CONFIG).episode(3);
    assertArrayEquals(a.support(), b.support());
    assertArrayEquals(a.query(), b.query());
    Episode other = new EpisodeSampler(LABELS, new FewShotConfig(4, 2, 3, 10, 43, 1)).episode(3);
    assertFalse(
        java.util.Arrays.equals(a.support(), other.support())
            && java.util.Arrays.equals(a.query(), other.query()));
  }

  @Test
  void tooFewImagesPerClassIsAConfigError() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> new EpisodeSampler(LABELS, new FewShotConfig(4, 5, 6, 1, 0, 1)));
    assertTrue(e.getMessage().contains("at least 11 images"), e.getMessage());
  }
}

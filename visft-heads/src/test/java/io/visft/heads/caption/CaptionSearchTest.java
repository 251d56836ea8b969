package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Greedy and beam search over a scripted next-token table: which hypothesis wins, length
 * normalisation, cut-off at the step limit and the tokens that are never emitted.
 */
class CaptionSearchTest {
  private static final int A = 4;
  private static final int B = 5;
  private static final int END = Vocabulary.END_ID;

  /**
   * Next-token probabilities by the words generated so far ("" at the start, "4 5" after A B).
   * {@code <pad>} and {@code <start>} always look most likely, to check they are never emitted.
   */
  private static final class ScriptedSteps implements DecoderSteps {
    private final Map<String, double[]> table;
    private final double[] otherwise;
    private List<List<Integer>> rows = new ArrayList<>(List.of(List.of()));
    int calls;

    ScriptedSteps(Map<String, double[]> table, double[] otherwise) {
      this.table = table;
      this.otherwise = otherwise;
    }

    @Override
    public float[][] advance(int[] parents, int[] tokens) {
      calls++;
      List<List<Integer>> next = new ArrayList<>();
      float[][] out = new float[parents.length][];
      for (int r = 0; r < parents.length; r++) {
        List<Integer> words = new ArrayList<>(rows.get(parents[r]));
        if (tokens[r] != Vocabulary.START_ID) {
          words.add(tokens[r]);
        }
        next.add(words);
        String key = words.stream().map(String::valueOf).collect(Collectors.joining(" "));
        double[] p = table.getOrDefault(key, otherwise);
        out[r] =
            new float[] {
              (float) Math.log(0.95), (float) Math.log(0.01), (float) Math.log(0.95),
              (float) Math.log(p[0]), (float) Math.log(p[1]), (float) Math.log(p[2])
            };
      }
      rows = next;
      return out;
    }
  }

  /** Probabilities of (END, A, B). */
  private static double[] p(double end, double a, double b) {
    return new double[] {end, a, b};
  }

  /** Greedy takes A (0.5) then END (0.4): 0.2; B (0.4) then END (0.9) is 0.36. */
  private static ScriptedSteps greedyTrap() {
    return new ScriptedSteps(
        Map.of("", p(0.1, 0.5, 0.4), "4", p(0.4, 0.3, 0.3), "5", p(0.9, 0.05, 0.05)), p(1, 0, 0));
  }

  @Test
  void greedyTakesTheLocallyBestTokenAndNeverPadOrStart() {
    CaptionSearch.Hypothesis h = CaptionSearch.greedy(greedyTrap(), 1, 5).get(0);
    assertArrayEquals(new int[] {A}, h.tokens());
    assertTrue(h.ended());
    assertEquals(Math.log(0.5 * 0.4), h.logProbability(), 1e-6);
  }

  @Test
  void beamSearchFindsTheMoreProbableCaptionGreedyMisses() {
    CaptionSearch.Hypothesis h = CaptionSearch.beam(greedyTrap(), 5, BeamSearchConfig.ofWidth(2));
    assertArrayEquals(new int[] {B}, h.tokens());
    assertEquals(Math.log(0.4 * 0.9), h.logProbability(), 1e-6);
    CaptionSearch.Hypothesis one = CaptionSearch.beam(greedyTrap(), 5, BeamSearchConfig.ofWidth(1));
    CaptionSearch.Hypothesis greedy = CaptionSearch.greedy(greedyTrap(), 1, 5).get(0);
    assertArrayEquals(greedy.tokens(), one.tokens(), "beam width 1 is greedy decoding");
    assertEquals(greedy.logProbability(), one.logProbability(), 1e-12);
  }

  /**
   * "A" then END has probability 0.25 (mean log-probability over 2 tokens -0.69); "B B B" then END
   * has 0.1715 (mean over 4 tokens -0.44).
   */
  @Test
  void lengthPenaltyTradesTotalForMeanLogProbability() {
    Map<String, double[]> table =
        Map.of(
            "", p(0, 0.5, 0.5),
            "4", p(0.5, 0.25, 0.25),
            "5", p(0.2, 0.1, 0.7),
            "5 5", p(0.2, 0.1, 0.7),
            "5 5 5", p(0.7, 0.15, 0.15));
    CaptionSearch.Hypothesis sum =
        CaptionSearch.beam(new ScriptedSteps(table, p(1, 0, 0)), 6, new BeamSearchConfig(2, 0));
    CaptionSearch.Hypothesis mean =
        CaptionSearch.beam(new ScriptedSteps(table, p(1, 0, 0)), 6, new BeamSearchConfig(2, 1));
    assertArrayEquals(new int[] {A}, sum.tokens());
    assertArrayEquals(new int[] {B, B, B}, mean.tokens());
    assertEquals(Math.log(0.5 * 0.7 * 0.7 * 0.7), mean.logProbability(), 1e-6);
  }

  @Test
  void captionsWithoutEndAreCutOffAtTheStepLimit() {
    double[] always = p(0.1, 0.6, 0.3);
    ScriptedSteps greedySteps = new ScriptedSteps(Map.of(), always);
    CaptionSearch.Hypothesis greedy = CaptionSearch.greedy(greedySteps, 1, 3).get(0);
    assertArrayEquals(new int[] {A, A, A}, greedy.tokens());
    assertFalse(greedy.ended());
    assertEquals(3, greedySteps.calls);
    CaptionSearch.Hypothesis beam =
        CaptionSearch.beam(new ScriptedSteps(Map.of(), always), 3, BeamSearchConfig.ofWidth(2));
    assertArrayEquals(new int[] {A, A, A}, beam.tokens());
    assertFalse(beam.ended());
    assertEquals(3 * Math.log(0.6), beam.logProbability(), 1e-6);
  }

  @Test
  void greedyRowsStopIndependently() {
    ScriptedSteps steps =
        new ScriptedSteps(Map.of("", p(0.1, 0.5, 0.4), "4", p(0.9, 0.05, 0.05)), p(0.2, 0.3, 0.5));
    steps.rows = new ArrayList<>(List.of(List.of(), List.of(B)));
    List<CaptionSearch.Hypothesis> out = CaptionSearch.greedy(steps, 2, 4);
    assertArrayEquals(new int[] {A}, out.get(0).tokens());
    assertTrue(out.get(0).ended());
    assertArrayEquals(new int[] {B, B, B, B}, out.get(1).tokens());
    assertFalse(out.get(1).ended());
  }
}

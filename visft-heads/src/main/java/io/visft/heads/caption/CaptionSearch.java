package io.visft.heads.caption;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Greedy and beam search over {@link DecoderSteps}, independent of how a step is computed. Every
 * search starts from {@code <start>}, never emits {@code <pad>} or {@code <start>}, and stops a
 * hypothesis at {@code <end>} or after {@code maxSteps} tokens. Stateless and thread-safe.
 */
final class CaptionSearch {

  /** A finished or cut-off hypothesis: word ids without {@code <start>}/{@code <end>}. */
  record Hypothesis(int[] tokens, double logProbability, boolean ended) {

    /** Generated tokens, {@code <end>} included. */
    int generated() {
      return tokens.length + (ended ? 1 : 0);
    }
  }

  /** A live beam: its word ids and summed log-probability; its index is its decoder row. */
  private record Beam(int[] tokens, double logProbability) {}

  /** A one-token extension of the beam in {@code row}. */
  private record Candidate(double logProbability, int row, int token) {}

  /** Best first; ties by lower row, then lower token id, so the search is deterministic. */
  private static final Comparator<Candidate> BEST_FIRST =
      Comparator.comparingDouble(Candidate::logProbability)
          .reversed()
          .thenComparingInt(Candidate::row)
          .thenComparingInt(Candidate::token);

  private CaptionSearch() {}

  /**
   * The most probable token at every step, for {@code rows} independent rows (row {@code r} starts
   * from row {@code r} of the initial state).
   */
  static List<Hypothesis> greedy(DecoderSteps steps, int rows, int maxSteps) {
    int[] identity = new int[rows];
    Arrays.setAll(identity, r -> r);
    int[] fed = new int[rows];
    Arrays.fill(fed, Vocabulary.START_ID);
    List<List<Integer>> words = new ArrayList<>();
    double[] logProbability = new double[rows];
    boolean[] ended = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      words.add(new ArrayList<>());
    }
    int running = rows;
    for (int step = 0; step < maxSteps && running > 0; step++) {
      float[][] logProbs = steps.advance(identity, fed);
      for (int r = 0; r < rows; r++) {
        if (ended[r]) {
          continue;
        }
        int best = argmax(logProbs[r]);
        logProbability[r] += logProbs[r][best];
        fed[r] = best;
        if (best == Vocabulary.END_ID) {
          ended[r] = true;
          running--;
        } else {
          words.get(r).add(best);
        }
      }
    }
    List<Hypothesis> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      int[] ids = words.get(r).stream().mapToInt(Integer::intValue).toArray();
      out.add(new Hypothesis(ids, logProbability[r], ended[r]));
    }
    return out;
  }

  /**
   * Beam search from row 0 of the initial state; see {@link BeamSearchConfig} for the ranking. Each
   * step keeps the {@code beamWidth − finished} best one-token extensions of the live beams; an
   * extension ending in {@code <end>} is finished. The result is the best finished hypothesis, or,
   * when none finished within {@code maxSteps}, the best cut-off one.
   */
  static Hypothesis beam(DecoderSteps steps, int maxSteps, BeamSearchConfig config) {
    List<Beam> live = List.of(new Beam(new int[0], 0));
    int[] parents = {0};
    int[] fed = {Vocabulary.START_ID};
    List<Hypothesis> finished = new ArrayList<>();
    for (int step = 0; step < maxSteps && !live.isEmpty(); step++) {
      float[][] logProbs = steps.advance(parents, fed);
      List<Beam> next = new ArrayList<>();
      List<Integer> nextParents = new ArrayList<>();
      for (Candidate c : best(live, logProbs, config.beamWidth() - finished.size())) {
        int[] prefix = live.get(c.row()).tokens();
        if (c.token() == Vocabulary.END_ID) {
          finished.add(new Hypothesis(prefix, c.logProbability(), true));
        } else {
          int[] extended = Arrays.copyOf(prefix, prefix.length + 1);
          extended[prefix.length] = c.token();
          next.add(new Beam(extended, c.logProbability()));
          nextParents.add(c.row());
        }
      }
      live = next;
      parents = nextParents.stream().mapToInt(Integer::intValue).toArray();
      fed = next.stream().mapToInt(b -> b.tokens()[b.tokens().length - 1]).toArray();
    }
    List<Hypothesis> pool = finished;
    if (pool.isEmpty()) {
      pool = live.stream().map(b -> new Hypothesis(b.tokens(), b.logProbability(), false)).toList();
    }
    Comparator<Hypothesis> ranking =
        Comparator.comparingDouble(
            h -> h.logProbability() / Math.pow(h.generated(), config.lengthPenalty()));
    return pool.stream().max(ranking).orElseThrow();
  }

  /** The {@code keep} best extensions of the live beams (row {@code r} has {@code logProbs[r]}). */
  private static List<Candidate> best(List<Beam> live, float[][] logProbs, int keep) {
    PriorityQueue<Candidate> worstFirst = new PriorityQueue<>(BEST_FIRST.reversed());
    for (int r = 0; r < live.size(); r++) {
      for (int v = 0; v < logProbs[r].length; v++) {
        if (!emittable(v) || Float.isInfinite(logProbs[r][v])) {
          continue;
        }
        worstFirst.add(new Candidate(live.get(r).logProbability() + logProbs[r][v], r, v));
        if (worstFirst.size() > keep) {
          worstFirst.poll();
        }
      }
    }
    List<Candidate> out = new ArrayList<>(worstFirst);
    out.sort(BEST_FIRST);
    return out;
  }

  /** The emittable token of highest log-probability, the lowest id on ties. */
  private static int argmax(float[] logProbs) {
    int best = -1;
    for (int v = 0; v < logProbs.length; v++) {
      if (emittable(v) && (best < 0 || logProbs[v] > logProbs[best])) {
        best = v;
      }
    }
    return best;
  }

  private static boolean emittable(int token) {
    return token != Vocabulary.PAD_ID && token != Vocabulary.START_ID;
  }
}

package io.visft.core.eval.text;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.HostTensor;
import io.visft.core.data.text.Alphabet;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The text-recognition probe on frozen features (the OCR family of ViSFT's out-of-domain
 * evaluation, read by a linear probe instead of a language model): dense maps are pooled into slots
 * ({@link SlotPooling}), rows are centred on the training mean and scaled to unit norm, a {@link
 * TextReader} is trained ({@link TextRecognitionProbe}) and scored on the held-out words ({@link
 * TextAccuracy}). Stateless and thread-safe.
 */
public final class TextRecognitionEvaluation {
  private TextRecognitionEvaluation() {}

  /**
   * Splits the words by {@code config.seed()}, then {@link #run(FeatureMatrix, List, FeatureMatrix,
   * List, Alphabet, int, LinearProbeConfig, RuntimeOptions) runs} the probe.
   *
   * @param dense {@code [n, C, h, w]} one map per word image
   * @param texts {@code n} words
   * @param positions character positions read, at least the longest word's length
   */
  public static TextRecognitionResult run(
      HostTensor dense,
      List<String> texts,
      Alphabet alphabet,
      int positions,
      TextRecognitionConfig config,
      RuntimeOptions runtime) {
    FeatureMatrix all = SlotPooling.pool(dense, config.slots());
    checkArgument(
        texts.size() == all.rows(), "%s words for %s feature maps", texts.size(), all.rows());
    checkArgument(all.rows() >= 2, "a train/test split needs at least 2 words, got %s", all.rows());
    int[] order = shuffled(all.rows(), config.seed());
    int testCount =
        (int) Math.max(1, Math.min(all.rows() - 1, Math.round(all.rows() * config.testFraction())));
    int[] test = Arrays.copyOfRange(order, 0, testCount);
    int[] train = Arrays.copyOfRange(order, testCount, order.length);
    return run(
        all.select(train),
        pick(texts, train),
        all.select(test),
        pick(texts, test),
        alphabet,
        positions,
        config.probe(),
        runtime);
  }

  /**
   * Trains on one split and scores on the other.
   *
   * @param train {@code [n, dim]} features of the training words
   * @param test {@code [m, dim]} features of the held-out words
   */
  public static TextRecognitionResult run(
      FeatureMatrix train,
      List<String> trainTexts,
      FeatureMatrix test,
      List<String> testTexts,
      Alphabet alphabet,
      int positions,
      LinearProbeConfig probe,
      RuntimeOptions runtime) {
    checkArgument(
        testTexts.size() == test.rows(),
        "%s held-out words for %s feature rows",
        testTexts.size(),
        test.rows());
    float[] center = train.columnMeans();
    FeatureMatrix x = train.centeredUnitRows(center);
    TextReader reader =
        TextRecognitionProbe.fit(x, trainTexts, alphabet, positions, probe, runtime);
    int[][] truth = TextTargets.encode(alphabet, testTexts, positions);
    int[][] predicted = reader.predict(test.centeredUnitRows(center));
    int[][] baseline = new int[truth.length][];
    int[] majority =
        majority(TextTargets.encode(alphabet, trainTexts, positions), alphabet.classes());
    Arrays.fill(baseline, majority);
    return new TextRecognitionResult(
        ConfidenceInterval.of(TextAccuracy.characterHits(predicted, truth, alphabet.blank())),
        ConfidenceInterval.of(TextAccuracy.wordHits(predicted, truth)),
        ConfidenceInterval.of(TextAccuracy.characterHits(baseline, truth, alphabet.blank())).mean(),
        reader.crossEntropy(x, trainTexts),
        x.rows());
  }

  /** The most frequent class of every position (the smaller class on ties), {@code [positions]}. */
  private static int[] majority(int[][] labels, int classes) {
    int positions = labels[0].length;
    int[] out = new int[positions];
    for (int p = 0; p < positions; p++) {
      int[] counts = new int[classes];
      for (int[] row : labels) {
        counts[row[p]]++;
      }
      for (int k = 1; k < classes; k++) {
        if (counts[k] > counts[out[p]]) {
          out[p] = k;
        }
      }
    }
    return out;
  }

  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static List<String> pick(List<String> texts, int[] indices) {
    List<String> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      out.add(texts.get(i));
    }
    return out;
  }
}

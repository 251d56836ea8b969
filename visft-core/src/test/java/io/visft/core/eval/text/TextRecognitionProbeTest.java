package io.visft.core.eval.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.data.text.Alphabet;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.LinearClassifier;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The per-position probe: its loss by hand, and reading hand-made features that encode the words.
 */
class TextRecognitionProbeTest {
  private static final Alphabet AB = new Alphabet("ab");

  @Test
  void lossMatchesAHandComputedCase() {
    // Row x = (1, 0). Position 0 scores logits (1, 0, 0) and its target is 'a' (class 0):
    // log(e + 2) - 1. Position 1 scores (0, 0, 0) and its target is the blank: log 3.
    FeatureMatrix x = new FeatureMatrix(1, 2, new float[] {1, 0});
    LinearClassifier first =
        new LinearClassifier(3, 2, new float[] {1, 0, 0, 0, 0, 0}, new float[3]);
    LinearClassifier second = new LinearClassifier(3, 2, new float[6], new float[3]);
    TextReader reader = new TextReader(AB, List.of(first, second));
    double expected = (Math.log(Math.E + 2) - 1 + Math.log(3)) / 2;
    assertEquals(expected, reader.crossEntropy(x, List.of("a")), 1e-12);
    // Target 'b' (class 1) scores 0 at position 0, so that term is log(e + 2) - 0: the loss reads
    // the target's logit.
    double expectedB = (Math.log(Math.E + 2) + Math.log(3)) / 2;
    assertEquals(expectedB, reader.crossEntropy(x, List.of("b")), 1e-12);
    FeatureMatrix twoRows = new FeatureMatrix(2, 2, new float[] {1, 0, 1, 0});
    assertEquals(
        (expected + expectedB) / 2,
        reader.crossEntropy(twoRows, List.of("a", "b")),
        1e-12,
        "the mean over rows");
    assertEquals(
        List.of("aa"),
        reader.read(x),
        "position 0 says 'a'; position 1's logits tie and the smaller class, 'a', wins");
  }

  /**
   * Features of a word: per slot, a one-hot of that position's class (characters and blank) scaled
   * by 1, plus Gaussian noise of the given size.
   */
  private static FeatureMatrix encode(
      List<String> words, Alphabet alphabet, int positions, double noise, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int k = alphabet.classes();
    float[] values = new float[words.size() * positions * k];
    for (int i = 0; i < words.size(); i++) {
      int[] labels = alphabet.encode(words.get(i), positions);
      for (int p = 0; p < positions; p++) {
        for (int c = 0; c < k; c++) {
          values[(i * positions + p) * k + c] =
              (float) ((labels[p] == c ? 1 : 0) + noise * rnd.nextGaussian());
        }
      }
    }
    return new FeatureMatrix(words.size(), positions * k, values);
  }

  private static List<String> words(int n, Alphabet alphabet, int maxLength, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder w = new StringBuilder();
      for (int j = rnd.nextInt(1, maxLength + 1); j > 0; j--) {
        w.append(alphabet.characters().charAt(rnd.nextInt(alphabet.size())));
      }
      out.add(w.toString());
    }
    return out;
  }

  @Test
  void readsWordsFromFeaturesThatEncodeThemAndRepeatsExactly() {
    Alphabet alphabet = new Alphabet("abcde");
    List<String> train = words(120, alphabet, 4, 1);
    List<String> test = words(60, alphabet, 4, 2);
    LinearProbeConfig probe = new LinearProbeConfig(300, 0.05, 1e-4);
    TextRecognitionResult result =
        TextRecognitionEvaluation.run(
            encode(train, alphabet, 4, 0.2, 3),
            train,
            encode(test, alphabet, 4, 0.2, 4),
            test,
            alphabet,
            4,
            probe,
            RuntimeOptions.cpu());
    assertTrue(
        result.characterAccuracy().mean() > 0.85,
        "character accuracy " + result.characterAccuracy());
    assertTrue(result.wordAccuracy().mean() > 0.7, "word accuracy " + result.wordAccuracy());
    assertTrue(
        result.baselineCharacterAccuracy() < 0.5, "baseline " + result.baselineCharacterAccuracy());
    assertEquals(120, result.trainWords());

    TextRecognitionResult again =
        TextRecognitionEvaluation.run(
            encode(train, alphabet, 4, 0.2, 3),
            train,
            encode(test, alphabet, 4, 0.2, 4),
            test,
            alphabet,
            4,
            probe,
            RuntimeOptions.cpu());
    assertEquals(result, again, "same features and settings, same result");
  }

  @Test
  void featuresWithoutTheWordsStayNearTheBaseline() {
    Alphabet alphabet = new Alphabet("abcde");
    List<String> train = words(120, alphabet, 4, 1);
    List<String> test = words(60, alphabet, 4, 2);
    FeatureMatrix trainNoise = encode(words(120, alphabet, 4, 5), alphabet, 4, 0.2, 3);
    FeatureMatrix testNoise = encode(words(60, alphabet, 4, 6), alphabet, 4, 0.2, 4);
    TextRecognitionResult result =
        TextRecognitionEvaluation.run(
            trainNoise,
            train,
            testNoise,
            test,
            alphabet,
            4,
            new LinearProbeConfig(300, 0.05, 1e-4),
            RuntimeOptions.cpu());
    assertTrue(
        result.characterAccuracy().mean() < 0.45,
        "features of other words read " + result.characterAccuracy());
  }

  @Test
  void scoringCountsMissesAndExtraCharactersButNotSharedBlanks() {
    int blank = 2;
    int[][] truth = {{0, 1, blank, blank}, {1, blank, blank, blank}};
    int[][] predicted = {{0, 1, 0, blank}, {0, blank, blank, blank}};
    assertArrayEquals(
        new double[] {1, 1, 0, 0}, TextAccuracy.characterHits(predicted, truth, blank));
    assertArrayEquals(new double[] {0, 0}, TextAccuracy.wordHits(predicted, truth));
    assertArrayEquals(new double[] {1, 1}, TextAccuracy.wordHits(truth, truth));
  }

  @Test
  void alphabetEncodesWithTrailingBlanksAndDecodesBack() {
    assertArrayEquals(new int[] {1, 0, 2, 2}, AB.encode("ba", 4));
    assertEquals("ba", AB.decode(AB.encode("ba", 4)));
    assertEquals(3, AB.classes());
  }
}

package io.visft.core.eval.text;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.text.Alphabet;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.LinearClassifier;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.LogisticRegression;
import io.visft.core.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a {@link TextReader}: for each character position {@code p}, a multinomial logistic
 * regression ({@link LogisticRegression}, this library's engine) from the whole feature row to the
 * {@code p}-th character or the blank. The positions are independent problems sharing one training
 * session. Deterministic (zero initial weights, full-batch steps). Stateless and thread-safe.
 */
public final class TextRecognitionProbe {
  private TextRecognitionProbe() {}

  /**
   * @param x {@code [rows, dim]} one feature row per word image
   * @param texts {@code rows} words of {@code alphabet}
   * @param positions character positions read, at least the longest word's length
   */
  public static TextReader fit(
      FeatureMatrix x,
      List<String> texts,
      Alphabet alphabet,
      int positions,
      LinearProbeConfig probe,
      RuntimeOptions runtime) {
    checkArgument(texts.size() == x.rows(), "%s words for %s feature rows", texts.size(), x.rows());
    checkArgument(positions > 0, "positions must be positive, got %s", positions);
    int[][] targets = TextTargets.encode(alphabet, texts, positions);
    List<LinearClassifier> classifiers = new ArrayList<>();
    try (LogisticRegression regression =
        new LogisticRegression(x.rows(), x.dim(), alphabet.classes(), probe, runtime)) {
      for (int p = 0; p < positions; p++) {
        classifiers.add(regression.fit(x, TextTargets.column(targets, p)));
      }
    }
    return new TextReader(alphabet, classifiers);
  }
}

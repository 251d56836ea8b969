package io.visft.core.eval.text;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.text.Alphabet;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.LinearClassifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained text-recognition probe: one linear classifier per character position, each reading the
 * whole feature row and choosing among the alphabet's characters and the blank.
 *
 * <p>Ownership: shares its classifiers; treat as immutable, then thread-safe.
 *
 * @param alphabet the characters; class {@link Alphabet#blank()} means "no character"
 * @param positions one classifier per character position, {@code logits [rows, K]} with {@code K =
 *     alphabet.classes()}, all of the same input dimension
 */
public record TextReader(Alphabet alphabet, List<LinearClassifier> positions) {

  public TextReader {
    positions = List.copyOf(positions);
    checkArgument(!positions.isEmpty(), "a text reader needs at least one position");
    int dim = positions.get(0).dim();
    for (LinearClassifier p : positions) {
      checkArgument(
          p.classes() == alphabet.classes() && p.dim() == dim,
          "every position needs [%s classes, dim %s], got [%s, %s]",
          alphabet.classes(),
          dim,
          p.classes(),
          p.dim());
    }
  }

  /** The class of every position of every row, {@code [rows][positions]}. */
  public int[][] predict(FeatureMatrix x) {
    int[][] out = new int[x.rows()][positions.size()];
    for (int p = 0; p < positions.size(); p++) {
      int[] labels = positions.get(p).predict(x);
      for (int r = 0; r < x.rows(); r++) {
        out[r][p] = labels[r];
      }
    }
    return out;
  }

  /** The words read from {@code x [rows, dim]}: the non-blank predictions of each row, in order. */
  public List<String> read(FeatureMatrix x) {
    List<String> words = new ArrayList<>();
    for (int[] labels : predict(x)) {
      words.add(alphabet.decode(labels));
    }
    return words;
  }

  /**
   * The probe's loss: the mean over rows and positions of {@code −log softmax(logits)[target]},
   * where the target of position {@code p} is the {@code p}-th character of the word or the blank.
   *
   * @param x {@code [rows, dim]}
   * @param texts {@code rows} words, each at most {@code positions().size()} long
   */
  public double crossEntropy(FeatureMatrix x, List<String> texts) {
    int[][] targets = TextTargets.encode(alphabet, texts, positions.size());
    double total = 0;
    for (int p = 0; p < positions.size(); p++) {
      total += positions.get(p).crossEntropy(x, TextTargets.column(targets, p));
    }
    return total / positions.size();
  }
}

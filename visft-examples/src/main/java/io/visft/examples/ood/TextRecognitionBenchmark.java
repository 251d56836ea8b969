package io.visft.examples.ood;

import io.visft.core.data.text.WordImages;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.Pooling;
import io.visft.core.eval.text.TextRecognitionEvaluation;
import io.visft.core.eval.text.TextRecognitionResult;
import io.visft.core.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code text-recognition} benchmark: every backbone's dense maps of the words (cached), read by
 * {@link TextRecognitionEvaluation}; two rows, character and word accuracy. Stateless.
 */
final class TextRecognitionBenchmark {
  private TextRecognitionBenchmark() {}

  static List<MetricRow> run(
      BenchmarkSpec b, List<Backbone> backbones, SuiteRunner runner, RuntimeOptions runtime) {
    TextRecognitionSpec spec = b.textRecognition();
    WordImages words = spec.open();
    List<ConfidenceInterval> characters = new ArrayList<>();
    List<ConfidenceInterval> wholeWords = new ArrayList<>();
    for (Backbone backbone : backbones) {
      ImageEmbeddings e = runner.embed(backbone, words, b, Pooling.Mode.DENSE);
      TextRecognitionResult r =
          TextRecognitionEvaluation.run(
              e.dense(),
              words.texts(),
              words.wordLabels().alphabet(),
              words.wordLabels().maxLength(),
              spec.protocol(),
              runtime);
      characters.add(r.characterAccuracy());
      wholeWords.add(r.wordAccuracy());
    }
    String probe = spec.protocol().slots() + "-slot probe";
    return List.of(
        new MetricRow(b.name(), spec.describe(), probe + " character accuracy", characters),
        new MetricRow(b.name(), spec.describe(), probe + " word accuracy", wholeWords));
  }
}

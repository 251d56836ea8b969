package io.visft.core.eval.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.core.data.text.Alphabet;
import io.visft.core.data.text.WordDatasetGenerator;
import io.visft.core.data.text.WordImages;
import io.visft.core.data.text.WordRenderConfig;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.runtime.RuntimeOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on real rendered PNGs: words drawn by Java2D, decoded, resized and normalised by
 * the {@link ImageEmbedder}, mapped by a hand-made "ink" extractor, pooled into slots and read by
 * the probe.
 */
class TextRecognitionRenderedWordsTest {
  private static final int PATCH = 6;

  @TempDir Path dir;

  /**
   * {@code [B, 3, H, W]} to {@code [B, PATCH², H/PATCH, W/PATCH]}: per patch, how far each pixel's
   * grey level is from the image's median grey (the background), so ink shows whatever its colour.
   */
  private static HostTensor ink(HostTensor pixels) {
    long[] s = pixels.shape();
    int b = (int) s[0];
    int height = (int) s[2];
    int width = (int) s[3];
    int h = height / PATCH;
    int w = width / PATCH;
    int channels = PATCH * PATCH;
    FloatBuffer in = pixels.floatView();
    float[] out = new float[b * channels * h * w];
    for (int i = 0; i < b; i++) {
      float[] grey = new float[height * width];
      for (int p = 0; p < grey.length; p++) {
        grey[p] =
            (in.get(i * 3 * grey.length + p)
                    + in.get((i * 3 + 1) * grey.length + p)
                    + in.get((i * 3 + 2) * grey.length + p))
                / 3;
      }
      float[] sorted = grey.clone();
      Arrays.sort(sorted);
      float background = sorted[sorted.length / 2];
      for (int y = 0; y < h * PATCH; y++) {
        for (int x = 0; x < w * PATCH; x++) {
          int channel = (y % PATCH) * PATCH + x % PATCH;
          out[((i * channels + channel) * h + y / PATCH) * w + x / PATCH] =
              Math.abs(grey[y * width + x] - background);
        }
      }
    }
    return HostTensor.ofFloats(out, b, channels, h, w);
  }

  @Test
  void readsRenderedWordsAboveTheBaselineAndReproducibly() {
    WordRenderConfig render = new WordRenderConfig(21, 300, new Alphabet("ilmo"), 1, 3, 72, 24);
    WordImages words = WordDatasetGenerator.generate(render, dir.resolve("words"));
    ImageEmbeddings e =
        new ImageEmbedder(
                TextRecognitionRenderedWordsTest::ink,
                48,
                50,
                new PrintStream(OutputStream.nullOutputStream()))
            .embed(words, "words", true);
    TextRecognitionConfig config =
        new TextRecognitionConfig(4, 0.25, 7, new LinearProbeConfig(300, 0.05, 1e-4));
    TextRecognitionResult result =
        TextRecognitionEvaluation.run(
            e.dense(), words.texts(), render.alphabet(), 3, config, RuntimeOptions.cpu());
    assertEquals(225, result.trainWords());
    // 21.9 ± 6.6% against a 10.7% baseline (measured); the interval must clear the baseline
    assertTrue(
        result.characterAccuracy().lower() > result.baselineCharacterAccuracy()
            && result.characterAccuracy().mean() > 1.5 * result.baselineCharacterAccuracy(),
        "character accuracy "
            + result.characterAccuracy()
            + " vs majority baseline "
            + result.baselineCharacterAccuracy());
    assertEquals(
        result,
        TextRecognitionEvaluation.run(
            e.dense(), words.texts(), render.alphabet(), 3, config, RuntimeOptions.cpu()),
        "the same features and seed give the same split, probe and scores");
  }
}

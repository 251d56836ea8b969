package io.visft.examples.ood;

import io.visft.api.ConfigException;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.LinearProbeConfig;

/**
 * One benchmark of an out-of-domain suite.
 *
 * @param name label in reports
 * @param type {@code few-shot} (uses {@code data} and {@code fewShot}), {@code linear-probe}
 *     (uses {@code train} and {@code test}) or {@code text-recognition} (uses {@code textRecognition})
 * @param data few-shot images, else {@code null}
 * @param train linear-probe training images, else {@code null}
 * @param test linear-probe test images, else {@code null}
 * @param fewShot the episode protocol of a few-shot benchmark, else {@code null}
 * @param probe how linear probes are trained
 * @param imageSize side images are resized to, a multiple of the patch size
 * @param textRecognition the words and protocol of a text-recognition benchmark, else {@code null}
 */
public record BenchmarkSpec(String name, String type, DataSourceSpec data, DataSourceSpec train, DataSourceSpec test,
    FewShotConfig fewShot, LinearProbeConfig probe, int imageSize, TextRecognitionSpec textRecognition) {
  static final String FEW_SHOT = "few-shot";
  static final String LINEAR_PROBE = "linear-probe";
  static final String TEXT_RECOGNITION = "text-recognition";

  public BenchmarkSpec {
    if (FEW_SHOT.equals(type)) {
      require(data != null && fewShot != null, name, "a few-shot benchmark needs 'data' and 'ways'/'shots'");
    } else if (LINEAR_PROBE.equals(type)) {
      require(train != null && test != null, name, "a linear-probe benchmark needs 'train' and 'test' data sources");
    } else if (TEXT_RECOGNITION.equals(type)) {
      require(textRecognition != null, name, "a text-recognition benchmark needs 'words'");
    } else {
      throw new ConfigException("benchmark '" + name + "': type '" + type + "' is not one of " + FEW_SHOT + ", " + LINEAR_PROBE
          + ", " + TEXT_RECOGNITION);
    }
    require(imageSize > 0, name, "image_size = " + imageSize + " must be positive (a multiple of the patch size)");
  }

  private static void require(boolean ok, String name, String message) {
    if (!ok) {
      throw new ConfigException("benchmark '" + name + "': " + message);
    }
  }
}

package io.visft.examples.ood;

import io.visft.api.ConfigException;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.LinearProbeConfig;

/**
 * One benchmark of an out-of-domain suite.
 *
 * @param name label in reports
 * @param type {@code few-shot} (uses {@code data} and {@code fewShot}), {@code linear-probe} (uses
 *     {@code train} and {@code test}), {@code zero-shot} (uses {@code data} and {@code text}),
 *     {@code retrieval} (uses {@code coco} captions and {@code text}) {@code region} (uses {@code
 *     coco} instances, {@code region} and, for zero-shot regions, {@code text}) or {@code
 *     text-recognition} (uses {@code textRecognition})
 * @param data few-shot images, else {@code null}
 * @param train linear-probe training images, else {@code null}
 * @param test linear-probe test images, else {@code null}
 * @param fewShot the episode protocol of a few-shot benchmark, else {@code null}
 * @param probe how linear probes are trained
 * @param imageSize side images are resized to, a multiple of the patch size
 * @param text text embeddings of a zero-shot, retrieval or zero-shot region benchmark, else {@code
 *     null}
 * @param coco the annotations and images of a retrieval or region benchmark, else {@code null}
 * @param region how a region benchmark classifies, else {@code null}
 * @param textRecognition the words and protocol of a text-recognition benchmark, else {@code null}
 */
public record BenchmarkSpec(
    String name,
    String type,
    DataSourceSpec data,
    DataSourceSpec train,
    DataSourceSpec test,
    FewShotConfig fewShot,
    LinearProbeConfig probe,
    int imageSize,
    TextSourceSpec text,
    CocoSourceSpec coco,
    RegionSpec region,
    TextRecognitionSpec textRecognition) {
  static final String FEW_SHOT = "few-shot";
  static final String LINEAR_PROBE = "linear-probe";
  static final String ZERO_SHOT = "zero-shot";
  static final String RETRIEVAL = "retrieval";
  static final String REGION = "region";
  static final String TEXT_RECOGNITION = "text-recognition";
  private static final String TYPES =
      String.join(", ", FEW_SHOT, LINEAR_PROBE, ZERO_SHOT, RETRIEVAL, REGION, TEXT_RECOGNITION);

  public BenchmarkSpec {
    if (FEW_SHOT.equals(type)) {
      require(
          data != null && fewShot != null,
          name,
          "a few-shot benchmark needs 'data' and 'ways'/'shots'");
    } else if (LINEAR_PROBE.equals(type)) {
      require(
          train != null && test != null,
          name,
          "a linear-probe benchmark needs 'train' and 'test' data sources");
    } else if (ZERO_SHOT.equals(type)) {
      require(
          data != null && text != null,
          name,
          "a zero-shot benchmark needs 'data' (a data source) and 'text'");
    } else if (RETRIEVAL.equals(type)) {
      require(
          coco != null && text != null,
          name,
          "a retrieval benchmark needs 'coco' (captions) and 'text'");
    } else if (REGION.equals(type)) {
      require(coco != null && region != null, name, "a region benchmark needs 'coco' (instances)");
      require(
          !RegionSpec.ZERO_SHOT.equals(region.classifier()) || text != null,
          name,
          "a region benchmark with classifier zero-shot needs 'text'");
    } else if (TEXT_RECOGNITION.equals(type)) {
      require(textRecognition != null, name, "a text-recognition benchmark needs 'words'");
    } else {
      throw new ConfigException(
          "benchmark '" + name + "': type '" + type + "' is not one of " + TYPES);
    }
    require(
        imageSize > 0,
        name,
        "image_size = " + imageSize + " must be positive (a multiple of the patch size)");
  }

  /** Whether this benchmark scores EVA-CLIP image embeddings (the visual tower with its head). */
  public boolean needsVisualTower() {
    return ZERO_SHOT.equals(type) || RETRIEVAL.equals(type);
  }

  private static void require(boolean ok, String name, String message) {
    if (!ok) {
      throw new ConfigException("benchmark '" + name + "': " + message);
    }
  }
}

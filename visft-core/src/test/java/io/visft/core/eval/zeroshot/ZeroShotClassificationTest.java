package io.visft.core.eval.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.ShapeException;
import io.visft.core.eval.FeatureMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Zero-shot classification on a hand-made case and its error messages. */
class ZeroShotClassificationTest {
  private static final TextEmbeddings AXES =
      new TextEmbeddings(
          List.of("x", "y"), new FeatureMatrix(2, 2, new float[] {1, 0, 0, 3}), "axes.safetensors");

  @Test
  void picksTheMostCosineSimilarClass() {
    FeatureMatrix images = new FeatureMatrix(3, 2, new float[] {5, 1, 1, 2, 2, 1});
    ZeroShotResult r = ZeroShotClassification.run(images, new int[] {0, 1, 1}, AXES);
    assertEquals(2.0 / 3, r.top1().mean(), 1e-12);
    assertEquals(2, r.k());
    assertEquals(1.0, r.topK().mean(), 1e-12);
  }

  @Test
  void widthMismatchNamesBothWidthsAndTheSource() {
    FeatureMatrix images = new FeatureMatrix(1, 3, new float[] {1, 2, 3});
    ShapeException e =
        assertThrows(
            ShapeException.class, () -> ZeroShotClassification.run(images, new int[] {0}, AXES));
    assertTrue(
        e.getMessage().contains("width 3")
            && e.getMessage().contains("width 2")
            && e.getMessage().contains("axes.safetensors")
            && e.getMessage().contains("visual.head"),
        e.getMessage());
  }

  @Test
  void missingClassNamesAreListed() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> AXES.rowsOf(List.of("x", "zebra", "okapi"), "class name"));
    assertTrue(
        e.getMessage().contains("'zebra'")
            && e.getMessage().contains("'okapi'")
            && e.getMessage().contains("axes.safetensors"),
        e.getMessage());
    assertEquals(3f, AXES.rowsOf(List.of("y", "x"), "class name").get(0, 1));
  }
}

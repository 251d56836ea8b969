package io.visft.core.eval.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.HostTensor;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.testing.JsonFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Zero-shot accuracy and retrieval recall against NumPy on seeded random embeddings
 * (tools/fixtures/zero_shot_metrics_fixture.py): 30 images, 8 classes, 1 to 3 captions per image.
 */
class ZeroShotMetricsParityTest {
  private static final JsonNode FIXTURE = JsonFixtures.load("/fixtures/zeroshot/metrics.json");

  private static FeatureMatrix matrix(String field) {
    HostTensor t = JsonFixtures.tensor(FIXTURE.get(field));
    return new FeatureMatrix((int) t.shape()[0], (int) t.shape()[1], t.toFloatArray());
  }

  private static int[] ints(String field) {
    return java.util.Arrays.stream(JsonFixtures.longs(FIXTURE.get(field)))
        .mapToInt(Math::toIntExact)
        .toArray();
  }

  @Test
  void topOneAndTopFiveMatchNumpy() {
    FeatureMatrix classes = matrix("classes");
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes.rows(); k++) {
      names.add("class " + k);
    }
    ZeroShotResult r =
        ZeroShotClassification.run(
            matrix("images"), ints("labels"), new TextEmbeddings(names, classes, "fixture"));
    assertEquals(FIXTURE.get("top1").asDouble(), r.top1().mean(), 1e-12);
    assertEquals(FIXTURE.get("top5").asDouble(), r.topK().mean(), 1e-12);
    assertEquals(5, r.k());
    assertEquals(30, r.top1().samples());
  }

  @Test
  void recallInBothDirectionsMatchesNumpy() {
    int[] captionImage = ints("caption_image");
    RetrievalResult r =
        RetrievalEvaluation.run(matrix("images"), matrix("captions"), captionImage, "fixture");
    for (int k : RetrievalEvaluation.RECALL_AT) {
      assertEquals(
          FIXTURE.get("image_to_text").get(String.valueOf(k)).asDouble(),
          r.imageToText().get(k).mean(),
          1e-12,
          "image->text R@" + k);
      assertEquals(
          FIXTURE.get("text_to_image").get(String.valueOf(k)).asDouble(),
          r.textToImage().get(k).mean(),
          1e-12,
          "text->image R@" + k);
      assertEquals(30, r.imageToText().get(k).samples());
      assertEquals(captionImage.length, r.textToImage().get(k).samples());
    }
  }
}

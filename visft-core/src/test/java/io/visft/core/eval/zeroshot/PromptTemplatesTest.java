package io.visft.core.eval.zeroshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.core.eval.FeatureMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CLIP's prompt ensembling: normalise each prompt, average per class, normalise again. */
class PromptTemplatesTest {

  /** Embeds a prompt as (length, number of 'a' characters): easy to compute by hand. */
  private static final TextEncoder COUNTING =
      new TextEncoder() {
        @Override
        public FeatureMatrix encode(List<String> texts) {
          float[] out = new float[texts.size() * 2];
          for (int i = 0; i < texts.size(); i++) {
            out[2 * i] = texts.get(i).length();
            out[2 * i + 1] = texts.get(i).chars().filter(c -> c == 'a').count();
          }
          return new FeatureMatrix(texts.size(), 2, out);
        }

        @Override
        public String describe() {
          return "counting encoder";
        }
      };

  @Test
  void averagesUnitPromptEmbeddingsAndRenormalises() {
    PromptTemplates templates = new PromptTemplates(List.of("{}", "aa {}"));
    TextEmbeddings e = templates.classEmbeddings(COUNTING, List.of("b", "ab"));
    // class "b": prompts "b" -> (1, 0) and "aa b" -> (4, 2)/sqrt(20); mean then unit.
    double[] mean = {(1 + 4 / Math.sqrt(20)) / 2, (0 + 2 / Math.sqrt(20)) / 2};
    double norm = Math.hypot(mean[0], mean[1]);
    assertEquals(mean[0] / norm, e.vectors().get(0, 0), 1e-6);
    assertEquals(mean[1] / norm, e.vectors().get(0, 1), 1e-6);
    assertEquals(List.of("b", "ab"), e.texts());
    assertEquals("counting encoder", e.source());
  }

  @Test
  void aTemplateNeedsExactlyOneSlot() {
    ConfigException none =
        assertThrows(ConfigException.class, () -> new PromptTemplates(List.of("a photo")));
    assertTrue(none.getMessage().contains("'a photo'"), none.getMessage());
    assertThrows(ConfigException.class, () -> new PromptTemplates(List.of("{} and {}")));
    assertThrows(ConfigException.class, () -> new PromptTemplates(List.of()));
    assertEquals(
        "a photo of a cat.",
        PromptTemplates.fill(PromptTemplates.photo().templates().get(0), "cat"));
  }
}

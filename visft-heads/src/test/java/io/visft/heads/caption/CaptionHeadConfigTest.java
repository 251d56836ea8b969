package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CaptionHeadConfigTest {

  @Test
  void visftDefaults() {
    CaptionHeadConfig c =
        CaptionHeadConfig.visft(1408, 10_000, CaptionHeadConfig.COMMON_MAX_LENGTH);
    assertEquals(new CaptionHeadConfig(1408, 384, 384, 384, 10_000, 50, 14, 0.5, 1.0), c);
    assertEquals(196, c.positions());
    assertEquals(51, c.decodeSteps());
    assertEquals(52, c.tokenWidth());
    assertEquals(0.0, c.withDropout(0).dropout());
  }

  @Test
  void theBuilderStartsFromThePaperAndSetsEachFieldByName() {
    assertEquals(
        CaptionHeadConfig.visft(1408, 10_000, CaptionHeadConfig.COMMON_MAX_LENGTH),
        CaptionHeadConfig.builder(1408, 10_000).build());
    CaptionHeadConfig c =
        CaptionHeadConfig.builder(8, 10)
            .attentionDim(5)
            .embedDim(6)
            .hiddenDim(7)
            .maxLength(9)
            .pooledGrid(3)
            .dropout(0.25)
            .alphaC(2.0)
            .build();
    assertEquals(new CaptionHeadConfig(8, 5, 6, 7, 10, 9, 3, 0.25, 2.0), c);
    assertEquals(c, c.toBuilder().build());
    expect("hiddenDim = 0", () -> CaptionHeadConfig.builder(8, 10).hiddenDim(0).build());
  }

  @Test
  void rejectsBadValuesNamingTheField() {
    expect("featureDim = 0", () -> new CaptionHeadConfig(0, 4, 4, 4, 10, 5, 2, 0.5, 1));
    expect("attentionDim = -1", () -> new CaptionHeadConfig(8, -1, 4, 4, 10, 5, 2, 0.5, 1));
    expect("embedDim = 0", () -> new CaptionHeadConfig(8, 4, 0, 4, 10, 5, 2, 0.5, 1));
    expect("hiddenDim = 0", () -> new CaptionHeadConfig(8, 4, 4, 0, 10, 5, 2, 0.5, 1));
    expect("vocabSize = 3", () -> new CaptionHeadConfig(8, 4, 4, 4, 3, 5, 2, 0.5, 1));
    expect("maxLength = 0", () -> new CaptionHeadConfig(8, 4, 4, 4, 10, 0, 2, 0.5, 1));
    expect("pooledGrid = 0", () -> new CaptionHeadConfig(8, 4, 4, 4, 10, 5, 0, 0.5, 1));
    expect("dropout = 1.0", () -> new CaptionHeadConfig(8, 4, 4, 4, 10, 5, 2, 1.0, 1));
    expect("dropout = NaN", () -> new CaptionHeadConfig(8, 4, 4, 4, 10, 5, 2, Double.NaN, 1));
    expect("alphaC = -1.0", () -> new CaptionHeadConfig(8, 4, 4, 4, 10, 5, 2, 0.5, -1));
    expect(
        "alphaC = Infinity",
        () -> new CaptionHeadConfig(8, 4, 4, 4, 10, 5, 2, 0.5, Double.POSITIVE_INFINITY));
  }

  @Test
  void codecMatchesTheUnrolledLength() {
    Vocabulary v = CaptionHeadParityTest.vocabulary(9);
    CaptionCodec codec =
        new CaptionHeadConfig(8, 4, 4, 4, 9, 5, 2, 0.5, 1).codec(v, LengthPolicy.REJECT);
    assertEquals(5, codec.maxWords());
    assertEquals(7, codec.width());
    expect(
        "the vocabulary has 9 tokens but CaptionHeadConfig.vocabSize = 10",
        () -> new CaptionHeadConfig(8, 4, 4, 4, 10, 5, 2, 0.5, 1).codec(v, LengthPolicy.REJECT));
  }

  private static void expect(String fragment, Supplier<?> build) {
    ConfigException e = assertThrows(ConfigException.class, build::get);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}

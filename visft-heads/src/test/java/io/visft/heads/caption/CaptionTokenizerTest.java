package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CaptionTokenizerTest {

  @Test
  void alphanumericRunsSplitAtEverythingElse() {
    assertEquals(
        List.of("a", "man", "s", "t", "shirt", "2", "dogs"),
        CaptionTokenizer.ALPHANUMERIC_RUNS.tokenize("A man's T-shirt,  2 dogs."));
    assertEquals(
        List.of("café", "über", "x2"),
        CaptionTokenizer.ALPHANUMERIC_RUNS.tokenize("Café\tÜBER...x2"));
    assertEquals(List.of(), CaptionTokenizer.ALPHANUMERIC_RUNS.tokenize(" .,! "));
  }

  @Test
  void deletePunctuationJoinsAcrossIt() {
    assertEquals(
        List.of("a", "mans", "tshirt", "2", "dogs"),
        CaptionTokenizer.DELETE_PUNCTUATION.tokenize("A man's T-shirt,  2 dogs."));
    assertEquals(
        List.of("naïve", "«quote»"), CaptionTokenizer.DELETE_PUNCTUATION.tokenize("Naïve «quote»"));
    assertEquals(List.of(), CaptionTokenizer.DELETE_PUNCTUATION.tokenize(""));
  }

  @Test
  void idsRoundTripAndUnknownIdsListChoices() {
    for (CaptionTokenizer t : CaptionTokenizer.values()) {
      assertEquals(t, CaptionTokenizer.fromId(t.id()));
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CaptionTokenizer.fromId("ptb"));
    assertTrue(e.getMessage().contains("alphanumeric-runs"), e.getMessage());
  }

  /**
   * Any text: half the cases from all of Unicode, half from printable ASCII, where words and
   * punctuation mix.
   */
  @Test
  void tokensAreLowerCaseNonEmptyAndStable() {
    qt().withExamples(1000)
        .forAll(
            strings()
                .allPossible()
                .ofLengthBetween(0, 255)
                .mix(strings().ascii().ofLengthBetween(0, 255)))
        .checkAssert(
            text -> {
              for (CaptionTokenizer t : CaptionTokenizer.values()) {
                List<String> tokens = t.tokenize(text);
                for (String token : tokens) {
                  assertFalse(token.isEmpty());
                  assertEquals(token.toLowerCase(Locale.ROOT), token);
                }
                assertEquals(tokens, t.tokenize(String.join(" ", tokens)));
              }
            });
  }
}

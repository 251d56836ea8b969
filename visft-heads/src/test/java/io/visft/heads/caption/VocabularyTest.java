package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  /** "a" 15 times, "dog" and "cat" 5 times each, "zebra" 4 times, "and" and "unicorn" once. */
  static List<String> captions() {
    List<String> captions = new ArrayList<>();
    captions.addAll(Collections.nCopies(4, "A dog, a cat; a zebra."));
    captions.add("a DOG and a cat");
    captions.add("a unicorn");
    return captions;
  }

  @Test
  void keepsWordsAtTheThresholdInCountThenLexicalOrder() {
    Vocabulary v = Vocabulary.visft(captions());
    assertEquals(List.of("<pad>", "<unk>", "<start>", "<end>", "a", "cat", "dog"), v.tokens());
    assertEquals(CaptionTokenizer.ALPHANUMERIC_RUNS, v.tokenizer());
    assertEquals(5, v.minCount());
    assertEquals(7, v.size());
    assertEquals(6, v.id("dog"));
    assertEquals(Vocabulary.UNK_ID, v.id("zebra"));
    assertFalse(v.contains("zebra"));
    assertTrue(v.contains("<end>"));
    assertEquals("cat", v.token(5));
  }

  @Test
  void specialIdsAreFixed() {
    Vocabulary v = Vocabulary.build(captions(), CaptionTokenizer.DELETE_PUNCTUATION, 1);
    assertEquals(0, v.id(Vocabulary.PAD));
    assertEquals(1, v.id(Vocabulary.UNK));
    assertEquals(2, v.id(Vocabulary.START));
    assertEquals(3, v.id(Vocabulary.END));
    assertEquals(4 + 6, v.size());
  }

  @Test
  void restoringRejectsBrokenTokenLists() {
    CaptionTokenizer t = CaptionTokenizer.ALPHANUMERIC_RUNS;
    List<String> specials = Vocabulary.SPECIALS;
    assertEquals(
        Vocabulary.visft(captions()), Vocabulary.of(t, 5, Vocabulary.visft(captions()).tokens()));
    assertMessage(
        "must start with",
        () -> Vocabulary.of(t, 5, List.of("<unk>", "<pad>", "<start>", "<end>")));
    assertMessage("repeats tokens[4]", () -> Vocabulary.of(t, 5, plus(specials, "dog", "dog")));
    assertMessage("tokens[4] = \"Dog\"", () -> Vocabulary.of(t, 5, plus(specials, "Dog")));
    assertMessage(
        "tokens[5] = \"t-shirt\"", () -> Vocabulary.of(t, 5, plus(specials, "dog", "t-shirt")));
    assertMessage("minCount = 0", () -> Vocabulary.of(t, 0, specials));
    assertMessage("outside [0, 4)", () -> Vocabulary.of(t, 1, specials).token(4));
  }

  private static List<String> plus(List<String> head, String... more) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(more));
    return all;
  }

  private static void assertMessage(String expected, Runnable action) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}

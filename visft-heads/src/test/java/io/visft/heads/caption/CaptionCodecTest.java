package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.lists;

import io.visft.api.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class CaptionCodecTest {

  private static final Vocabulary VOCAB = Vocabulary.visft(VocabularyTest.captions());
  private static final CaptionCodec STRICT = new CaptionCodec(VOCAB, 4, LengthPolicy.REJECT);
  private static final CaptionCodec LENIENT = new CaptionCodec(VOCAB, 4, LengthPolicy.TRUNCATE);

  @Test
  void encodesStartWordsEndThenPadding() {
    EncodedCaption e = STRICT.encode("A zebra-cat!");
    // a = 4, zebra is rare -> <unk> = 1, cat = 5.
    assertArrayEquals(new int[] {2, 4, 1, 5, 3, 0}, e.ids());
    assertEquals(5, e.length());
    assertEquals(6, STRICT.width());
    assertEquals("a <unk> cat", STRICT.decode(e.ids()));
    assertArrayEquals(new int[] {2, 3, 0, 0, 0, 0}, STRICT.encode("...").ids());
  }

  @Test
  void lengthPolicyRejectsOrTruncates() {
    String longCaption = "a dog a cat a dog";
    ShapeException e = assertThrows(ShapeException.class, () -> STRICT.encode(longCaption));
    assertTrue(e.getMessage().contains("6 words, more than maxWords = 4"), e.getMessage());
    EncodedCaption cut = LENIENT.encode(longCaption);
    assertArrayEquals(new int[] {2, 4, 6, 4, 5, 3}, cut.ids());
    assertEquals(6, cut.length());
    assertEquals(STRICT.encode("a dog a cat"), cut);
  }

  @Test
  void decodingStopsAtEndAndRejectsUnknownIds() {
    assertEquals(List.of("dog", "cat"), STRICT.decodeWords(new int[] {2, 6, 0, 5, 3, 4, 4}));
    assertEquals("", STRICT.decode(new int[] {3, 6}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> STRICT.decode(new int[] {2, 7}));
    assertTrue(e.getMessage().contains("ids[1] = 7"), e.getMessage());
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(
        IllegalArgumentException.class, () -> new CaptionCodec(VOCAB, 0, LengthPolicy.REJECT));
    assertThrows(NullPointerException.class, () -> new CaptionCodec(VOCAB, 3, null));
    assertThrows(IllegalArgumentException.class, () -> new EncodedCaption(new int[] {2, 3}, 3));
  }

  @Test
  void knownWordsRoundTrip() {
    qt().withExamples(1000)
        .forAll(knownWords())
        .checkAssert(
            words -> {
              EncodedCaption e = LENIENT.encodeWords(words);
              List<String> kept = words.subList(0, Math.min(4, words.size()));
              assertEquals(kept, LENIENT.decodeWords(e.ids()));
              assertEquals(kept.size() + 2, e.length());
            });
  }

  /** Up to seven words of the vocabulary, special tokens excluded. */
  private static Gen<List<String>> knownWords() {
    return lists().of(pick(VOCAB.tokens().subList(4, VOCAB.size()))).ofSizeBetween(0, 7);
  }
}

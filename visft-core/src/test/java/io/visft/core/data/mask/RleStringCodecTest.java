package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Strings worked out by hand from the codec's definition: 5 value bits per character, bit 5
 * continues, bit 4 of the last character is the sign, 48 added; counts from the fourth on are
 * differences to the count two places earlier.
 */
class RleStringCodecTest {

  @Test
  void smallCountsAreOneDigitEach() {
    assertEquals("62309", RleStringCodec.encode(new int[] {6, 2, 3, 2, 12}));
    assertArrayEquals(new int[] {6, 2, 3, 2, 12}, RleStringCodec.decode("62309"));
  }

  @Test
  void negativeDifferencesUseTheSignBit() {
    // Counts 3 and 5 are written as 2 - 3 = -1 ('O' = 31 + 48) and 1 - 2 = -1.
    assertEquals("031O1O5", RleStringCodec.encode(new int[] {0, 3, 1, 2, 2, 1, 7}));
    assertArrayEquals(new int[] {0, 3, 1, 2, 2, 1, 7}, RleStringCodec.decode("031O1O5"));
  }

  @Test
  void largeCountsContinueOverSeveralCharacters() {
    // 100 = 4 + 3 * 32: 'T' = (4 | 0x20) + 48, then '3'.
    assertEquals("T3", RleStringCodec.encode(new int[] {100}));
    assertEquals("P1", RleStringCodec.encode(new int[] {32}));
    // 16 has bit 4 set, so a second character is needed to keep it positive.
    assertEquals("`0", RleStringCodec.encode(new int[] {16}));
    assertArrayEquals(new int[] {100, 32, 16}, RleStringCodec.decode("T3P1`0"));
  }

  @Test
  void emptyStringHasNoCounts() {
    assertEquals("", RleStringCodec.encode(new int[0]));
    assertArrayEquals(new int[0], RleStringCodec.decode(""));
  }

  @Test
  void rejectsCharactersOutsideTheAlphabet() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> RleStringCodec.decode("12p"));
    assertEquals(
        "RLE string has character 'p' at index 2; expected only characters '0'..'o'",
        error.getMessage());
  }

  @Test
  void rejectsTruncatedString() {
    assertThrows(IllegalArgumentException.class, () -> RleStringCodec.decode("T"));
  }

  @Test
  void rejectsNegativeCounts() {
    // The fourth count decodes to 2 + (-3) = -1.
    assertThrows(IllegalArgumentException.class, () -> RleStringCodec.decode("123M"));
  }
}

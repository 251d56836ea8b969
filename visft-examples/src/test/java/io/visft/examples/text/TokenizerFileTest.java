package io.visft.examples.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written WordLevel tokenizer.json of the text-tower fixture, read by the native
 * tokenizers library: lower-casing, word/punctuation split, start and end tokens, unknown words,
 * truncation that keeps the end token; and the errors for missing and malformed files.
 */
class TokenizerFileTest {
  static final Path TOKENIZER = Path.of("src/test/resources/fixtures/text_tower/tokenizer.json");

  @TempDir Path dir;

  @Test
  void encodesWithSpecialTokensAndUnknowns() {
    try (TokenizerFile t = TokenizerFile.open(TOKENIZER, 16)) {
      // <sot>=2 a=3 photo=6 of=7 triangle=12 ,=32 <unk>=1 .=31 <eot>=33
      assertArrayEquals(
          new long[] {2, 3, 6, 7, 3, 12, 32, 1, 31, 33}, t.ids("A photo of a Triangle, zebra."));
    }
  }

  @Test
  void truncatesToTheContextKeepingTheEndToken() {
    try (TokenizerFile t = TokenizerFile.open(TOKENIZER, 8)) {
      assertArrayEquals(
          new long[] {2, 3, 9, 7, 3, 13, 12, 33},
          t.ids("a drawing of a red triangle next to a blue ellipse"));
    }
  }

  @Test
  void missingAndMalformedFilesNameTheFile() throws Exception {
    Path absent = dir.resolve("absent.json");
    FileFormatException missing =
        assertThrows(FileFormatException.class, () -> TokenizerFile.open(absent, 8));
    assertTrue(
        missing.getMessage().contains(absent.toString())
            && missing.getMessage().contains("does not exist"),
        missing.getMessage());
    Path bad =
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nope\"}}");
    FileFormatException malformed =
        assertThrows(FileFormatException.class, () -> TokenizerFile.open(bad, 8));
    assertTrue(
        malformed.getMessage().contains(bad.toString())
            && malformed.getMessage().contains("tokenizer.json"),
        malformed.getMessage());
  }
}

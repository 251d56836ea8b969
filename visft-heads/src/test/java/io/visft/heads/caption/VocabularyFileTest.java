package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VocabularyFileTest {

  private static final String VALID =
      "{'format': 'visft-caption-vocabulary', 'version': 1, 'tokenizer': 'alphanumeric-runs',"
          + " 'minCount': 5, 'tokens': ['<pad>', '<unk>', '<start>', '<end>', 'a', 'dog']}";

  @TempDir Path dir;

  @Test
  void roundTripsBesideTheWeights() throws IOException {
    Vocabulary v =
        Vocabulary.build(VocabularyTest.captions(), CaptionTokenizer.DELETE_PUNCTUATION, 2);
    Path file = VocabularyFile.besideWeights(dir.resolve("caption_head.safetensors"));
    assertEquals(dir.resolve("caption_head.vocab.json"), file);
    VocabularyFile.write(v, file);
    assertEquals(v, VocabularyFile.read(file));
    String text = Files.readString(file);
    assertTrue(text.contains("\"format\" : \"visft-caption-vocabulary\""), text);
    assertTrue(text.contains("\"tokenizer\" : \"delete-punctuation\""), text);
  }

  @Test
  void readsAHandWrittenFile() throws IOException {
    Vocabulary v = VocabularyFile.read(write(VALID));
    assertEquals(6, v.size());
    assertEquals(5, v.id("dog"));
  }

  static Stream<Arguments> malformedFiles() {
    return Stream.of(
        whole("not JSON", "{'format':", "not valid JSON"),
        whole("array root", "[1, 2]", "\"(root)\" must be a JSON object"),
        edit("wrong format", "'visft-caption-vocabulary'", "'bpe'", "field \"format\" is \"bpe\""),
        edit("newer version", "'version': 1", "'version': 2", "field \"version\" is 2"),
        edit("unknown tokenizer", "'alphanumeric-runs'", "'ptb'", "unknown tokenizer \"ptb\""),
        edit("minCount zero", "'minCount': 5", "'minCount': 0", "field \"minCount\" is 0"),
        edit("minCount missing", "'minCount': 5,", "", "field \"minCount\" is null"),
        edit(
            "tokens not array",
            "['<pad>', '<unk>', '<start>', '<end>', 'a', 'dog']",
            "'a dog'",
            "field \"tokens\" is missing or not an array"),
        edit("non-string token", "'dog'", "7", "field \"tokens[5]\" is 7"),
        edit("specials reordered", "'<pad>', '<unk>'", "'<unk>', '<pad>'", "must start with"),
        edit("repeated word", "'a', 'dog'", "'a', 'a'", "tokens[5] = \"a\" repeats tokens[4]"),
        edit("upper-case word", "'dog'", "'Dog'", "tokens[5] = \"Dog\" is not a single token"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedFiles")
  void malformedFilesNameTheFieldAndRule(String name, String json, String expected)
      throws IOException {
    Path file = write(json);
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> VocabularyFile.read(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static Arguments whole(String name, String json, String expected) {
    return Arguments.of(name, json, expected);
  }

  private static Arguments edit(String name, String from, String to, String expected) {
    if (!VALID.contains(from)) {
      throw new IllegalStateException("test case " + name + " edits text absent from VALID");
    }
    return Arguments.of(name, VALID.replace(from, to), expected);
  }

  private Path write(String singleQuotedJson) throws IOException {
    Path file = dir.resolve("v.vocab.json");
    Files.writeString(file, singleQuotedJson.replace('\'', '"'), StandardCharsets.UTF_8);
    return file;
  }
}

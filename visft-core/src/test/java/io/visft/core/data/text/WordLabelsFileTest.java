package io.visft.core.data.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labels file of a words folder: reading hand-written files and the errors it raises. */
class WordLabelsFileTest {
  @TempDir Path dir;

  @BeforeEach
  void image() throws IOException {
    Files.createDirectories(dir.resolve("img"));
    Files.write(dir.resolve("img/a.png"), new byte[] {1});
  }

  private String readError(String json) throws IOException {
    Files.writeString(dir.resolve(WordLabelsFile.NAME), json);
    return assertThrows(FileFormatException.class, () -> WordLabelsFile.read(dir)).getMessage();
  }

  @Test
  void readsAHandWrittenFileWithoutRenderSettings() throws IOException {
    Files.writeString(
        dir.resolve(WordLabelsFile.NAME),
        """
        {"alphabet": "ab", "max_length": 4, "words": [{"file": "img/a.png", "text": "abba"}]}""");
    WordLabels labels = WordLabelsFile.read(dir);
    assertEquals(new Alphabet("ab"), labels.alphabet());
    assertEquals(4, labels.maxLength());
    assertNull(labels.render());
    assertEquals(new WordLabels.Entry("img/a.png", "abba", null), labels.words().get(0));
  }

  @Test
  void errorsNameTheFileTheEntryTheFieldAndTheValue() throws IOException {
    String spelling =
        readError(
            """
        {"alphabet": "ab", "max_length": 4, "words": [{"file": "img/a.png", "text": "ab"}, {"file": "img/a.png", "text": "abc"}]}""");
    assertTrue(
        spelling.contains(WordLabelsFile.NAME)
            && spelling.contains("word #1")
            && spelling.contains("'text'")
            && spelling.contains("\"abc\""),
        spelling);
    String tooLong =
        readError(
            """
        {"alphabet": "ab", "max_length": 2, "words": [{"file": "img/a.png", "text": "aba"}]}""");
    assertTrue(
        tooLong.contains("word #0") && tooLong.contains("\"aba\"") && tooLong.contains("1 to 2"),
        tooLong);
    String missing =
        readError(
            """
        {"alphabet": "ab", "max_length": 2, "words": [{"file": "img/b.png", "text": "a"}]}""");
    assertTrue(missing.contains("'file'") && missing.contains("img/b.png"), missing);
    String escape =
        readError(
            """
        {"alphabet": "ab", "max_length": 2, "words": [{"file": "../outside.png", "text": "a"}]}""");
    assertTrue(escape.contains("../outside.png") && escape.contains("relative to"), escape);
    String length =
        readError(
            """
        {"alphabet": "ab", "max_length": 0, "words": [{"file": "img/a.png", "text": "a"}]}""");
    assertTrue(length.contains("'max_length' = 0"), length);
    String alphabet =
        readError(
            """
        {"alphabet": "aa", "max_length": 2, "words": [{"file": "img/a.png", "text": "a"}]}""");
    assertTrue(alphabet.contains("'alphabet'") && alphabet.contains("appears twice"), alphabet);
    String render =
        readError(
            """
        {"alphabet": "ab", "max_length": 2, "render": {"seed": 1, "min_length": 1, "width": 4, "height": 32},
         "words": [{"file": "img/a.png", "text": "a"}]}""");
    assertTrue(render.contains("'render'") && render.contains("width = 4"), render);
    String json = readError("{\"alphabet\": ");
    assertTrue(json.contains("not valid JSON"), json);
  }

  @Test
  void aMissingLabelsFileSaysHowToMakeOne() {
    String message =
        assertThrows(FileFormatException.class, () -> WordLabelsFile.read(dir.resolve("none")))
            .getMessage();
    assertTrue(message.contains(WordLabelsFile.NAME) && message.contains("render"), message);
  }

  @Test
  void configErrorsNameTheFieldAndValue() {
    ConfigException width =
        assertThrows(
            ConfigException.class,
            () -> new WordRenderConfig(0, 10, Alphabet.lowercase(), 3, 8, 40, 32));
    assertTrue(
        width.getMessage().contains("width = 40") && width.getMessage().contains("use 128"),
        width.getMessage());
    ConfigException lengths =
        assertThrows(
            ConfigException.class,
            () -> new WordRenderConfig(0, 10, Alphabet.lowercase(), 5, 4, 128, 32));
    assertTrue(lengths.getMessage().contains("max_length = 4"), lengths.getMessage());
    ConfigException space = assertThrows(ConfigException.class, () -> new Alphabet("a b"));
    assertTrue(
        space.getMessage().contains("\"a b\"") && space.getMessage().contains("U+0020"),
        space.getMessage());
  }
}

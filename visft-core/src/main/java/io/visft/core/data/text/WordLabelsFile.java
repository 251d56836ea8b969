package io.visft.core.data.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.core.io.AtomicFiles;
import io.visft.core.io.StrictJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes {@value #NAME}, the labels of a words folder:
 *
 * <pre>{@code
 * {"alphabet": "abc…", "max_length": 8,
 *  "render": {"seed": 0, "min_length": 3, "width": 128, "height": 32},   (only for rendered words)
 *  "words": [{"file": "images/000001.png", "text": "cab", "font": "DejaVu Sans"}, …]}
 * }</pre>
 *
 * Every word must be non-empty, at most {@code max_length} long and spelt with the alphabet; every
 * file must be a relative path inside the folder. Stateless and thread-safe.
 */
public final class WordLabelsFile {
  /** The file name inside a words folder. */
  public static final String NAME = "labels.json";

  private WordLabelsFile() {}

  /** Writes {@code labels} to {@code folder/labels.json} atomically. */
  public static void write(Path folder, WordLabels labels) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root =
        mapper
            .createObjectNode()
            .put("alphabet", labels.alphabet().characters())
            .put("max_length", labels.maxLength());
    if (labels.render() != null) {
      WordRenderConfig r = labels.render();
      root.putObject("render")
          .put("seed", r.seed())
          .put("min_length", r.minLength())
          .put("width", r.width())
          .put("height", r.height());
    }
    ArrayNode words = root.putArray("words");
    for (WordLabels.Entry e : labels.words()) {
      ObjectNode w = words.addObject().put("file", e.file()).put("text", e.text());
      if (e.font() != null) {
        w.put("font", e.font());
      }
    }
    byte[] bytes = (root.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(folder.resolve(NAME), channel -> channel.write(ByteBuffer.wrap(bytes)));
  }

  /**
   * Reads {@code folder/labels.json}.
   *
   * @throws FileFormatException naming the file, the entry, the field and its value when anything
   *     is missing or breaks a rule above
   */
  public static WordLabels read(Path folder) {
    Path file = folder.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      throw new FileFormatException(
          file
              + " does not exist; a words folder holds "
              + NAME
              + " and its images (render one with WordDatasetGenerator or the suite's 'render' settings)");
    }
    JsonNode root;
    try {
      ObjectMapper mapper = new ObjectMapper();
      root = StrictJson.readTree(mapper, mapper.createParser(file.toFile()));
    } catch (IOException e) {
      throw new FileFormatException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new FileFormatException(
          file + ": expected a JSON object with alphabet, max_length and words");
    }
    Alphabet alphabet;
    try {
      alphabet = new Alphabet(text(root, "alphabet", file, "the file"));
    } catch (ConfigException e) {
      throw new FileFormatException(file + ": field 'alphabet': " + e.getMessage(), e);
    }
    int maxLength = integer(root, "max_length", file, "the file");
    if (maxLength < 1 || maxLength > WordRenderConfig.MAX_LENGTH) {
      throw new FileFormatException(
          file
              + ": field 'max_length' = "
              + maxLength
              + " is outside 1.."
              + WordRenderConfig.MAX_LENGTH);
    }
    JsonNode words = root.get("words");
    if (words == null || !words.isArray() || words.isEmpty()) {
      throw new FileFormatException(
          file + ": field 'words' must be a non-empty list of {\"file\", \"text\"} entries");
    }
    List<WordLabels.Entry> entries = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      entries.add(entry(words.get(i), i, folder, file, alphabet, maxLength));
    }
    return new WordLabels(
        alphabet,
        maxLength,
        render(root.get("render"), file, alphabet, maxLength, entries.size()),
        entries);
  }

  private static WordLabels.Entry entry(
      JsonNode w, int index, Path folder, Path file, Alphabet alphabet, int maxLength) {
    String where = "word #" + index;
    String name = text(w, "file", file, where);
    Path image = folder.resolve(name).normalize();
    if (Path.of(name).isAbsolute()
        || !image.startsWith(folder.normalize())
        || !Files.isRegularFile(image)) {
      throw new FileFormatException(
          file
              + ": "
              + where
              + ": field 'file' = \""
              + name
              + "\" must be an existing image file given relative to "
              + folder);
    }
    String text = text(w, "text", file, where);
    if (text.isEmpty() || text.length() > maxLength || !alphabet.canSpell(text)) {
      throw new FileFormatException(
          file
              + ": "
              + where
              + ": field 'text' = \""
              + text
              + "\" must have 1 to "
              + maxLength
              + " characters of the alphabet \""
              + alphabet.characters()
              + "\"");
    }
    return new WordLabels.Entry(name, text, w.hasNonNull("font") ? w.get("font").asText() : null);
  }

  private static WordRenderConfig render(
      JsonNode r, Path file, Alphabet alphabet, int maxLength, int count) {
    if (r == null || r.isNull()) {
      return null;
    }
    try {
      return new WordRenderConfig(
          seed(r, file),
          count,
          alphabet,
          integer(r, "min_length", file, "'render'"),
          maxLength,
          integer(r, "width", file, "'render'"),
          integer(r, "height", file, "'render'"));
    } catch (ConfigException e) {
      throw new FileFormatException(file + ": field 'render': " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field, Path file, String where) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isTextual()) {
      throw new FileFormatException(
          file + ": " + where + ": field '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }

  private static long seed(JsonNode render, Path file) {
    JsonNode v = render.get("seed");
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new FileFormatException(
          file + ": 'render': field 'seed' must be a 64-bit integer, got " + v);
    }
    return v.asLong();
  }

  private static int integer(JsonNode node, String field, Path file, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new FileFormatException(
          file + ": " + where + ": field '" + field + "' must be an integer, got " + v);
    }
    return v.asInt();
  }
}

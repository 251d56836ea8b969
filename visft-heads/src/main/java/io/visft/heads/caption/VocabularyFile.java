package io.visft.heads.caption;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.FileFormatException;
import io.visft.core.io.StrictJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves and loads a {@link Vocabulary} as a small JSON file kept next to a caption head's weights.
 *
 * <p>Format (UTF-8; {@code tokens[i]} has id {@code i}):
 *
 * <pre>{@code
 * {
 *   "format": "visft-caption-vocabulary",
 *   "version": 1,
 *   "tokenizer": "alphanumeric-runs",
 *   "minCount": 5,
 *   "tokens": ["<pad>", "<unk>", "<start>", "<end>", "a", "on", ...]
 * }
 * }</pre>
 *
 * <p>Reading checks every field and reports the file, the field and the rule broken. Stateless and
 * thread-safe; concurrent writers to one path are not coordinated.
 */
public final class VocabularyFile {

  /** Value of the {@code "format"} field. */
  public static final String FORMAT = "visft-caption-vocabulary";

  /** The only {@code "version"} written and read. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private VocabularyFile() {}

  /**
   * Where the vocabulary of a head whose weights are in {@code weightsFile} lives: the same folder,
   * the weights' file name up to its last dot, then {@code .vocab.json} ({@code
   * caption_head.safetensors} → {@code caption_head.vocab.json}).
   */
  public static Path besideWeights(Path weightsFile) {
    String name = weightsFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return weightsFile.resolveSibling(stem + ".vocab.json");
  }

  /** Writes {@code vocabulary} to {@code file}, replacing any file there. */
  public static void write(Vocabulary vocabulary, Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("tokenizer", vocabulary.tokenizer().id());
    root.put("minCount", vocabulary.minCount());
    ArrayNode tokens = root.putArray("tokens");
    vocabulary.tokens().forEach(tokens::add);
    Files.write(file, JSON.writeValueAsBytes(root));
  }

  /**
   * Reads a vocabulary written by {@link #write(Vocabulary, Path)}.
   *
   * @throws FileFormatException if the file is not JSON or breaks the format; the message names the
   *     file, the field and the rule
   * @throws IOException if the file cannot be read
   */
  public static Vocabulary read(Path file) throws IOException {
    JsonNode root;
    try {
      root = StrictJson.readTree(JSON, JSON.createParser(Files.readAllBytes(file)));
    } catch (JsonProcessingException e) {
      throw new FileFormatException(
          String.format(
              "%s: not valid JSON (%s); rewrite it with VocabularyFile.write",
              file, e.getOriginalMessage()),
          e);
    }
    if (!root.isObject()) {
      throw invalid(file, "(root)", "must be a JSON object");
    }
    String format = text(file, root, "format");
    if (!FORMAT.equals(format)) {
      throw invalid(file, "format", "is \"" + format + "\", expected \"" + FORMAT + "\"");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isInt() || version.intValue() != VERSION) {
      throw invalid(file, "version", "is " + version + ", only version " + VERSION + " is known");
    }
    CaptionTokenizer tokenizer;
    try {
      tokenizer = CaptionTokenizer.fromId(text(file, root, "tokenizer"));
    } catch (IllegalArgumentException e) {
      throw invalid(file, "tokenizer", e.getMessage());
    }
    JsonNode minCount = root.get("minCount");
    if (minCount == null || !minCount.isInt() || minCount.intValue() < 1) {
      throw invalid(file, "minCount", "is " + minCount + ", expected an integer >= 1");
    }
    JsonNode tokens = root.get("tokens");
    if (tokens == null || !tokens.isArray()) {
      throw invalid(file, "tokens", "is missing or not an array of strings");
    }
    List<String> words = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      if (!tokens.get(i).isTextual()) {
        throw invalid(file, "tokens[" + i + "]", "is " + tokens.get(i) + ", expected a string");
      }
      words.add(tokens.get(i).textValue());
    }
    try {
      return Vocabulary.of(tokenizer, minCount.intValue(), words);
    } catch (IllegalArgumentException e) {
      throw invalid(file, "tokens", e.getMessage());
    }
  }

  private static String text(Path file, JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw invalid(file, field, "is " + node + ", expected a string");
    }
    return node.textValue();
  }

  private static FileFormatException invalid(Path file, String field, String rule) {
    return new FileFormatException(
        String.format(
            "%s: caption vocabulary field \"%s\" %s; regenerate the file with"
                + " VocabularyFile.write",
            file, field, rule));
  }
}

package io.visft.examples.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.io.StrictJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * Filters the complete lines of a JSONL file; a last line without its newline (cut off by a kill)
 * is dropped.
 */
final class MetricsLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The lines kept.
   *
   * @param bytes the kept lines, each ending with a newline
   * @param isPrefix whether they are the file's first bytes (so truncating the file to them
   *     suffices)
   */
  record Kept(byte[] bytes, boolean isPrefix) {}

  private MetricsLines() {}

  /** Keeps each complete line that is not a JSON object or that {@code keep} accepts. */
  static Kept keep(byte[] content, Predicate<JsonNode> keep) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length);
    boolean prefix = true;
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] != '\n') {
        continue;
      }
      JsonNode line = parse(new String(content, start, i - start, StandardCharsets.UTF_8));
      if (line == null || keep.test(line)) {
        if (out.size() != start) {
          prefix = false;
        }
        out.write(content, start, i + 1 - start);
      }
      start = i + 1;
    }
    return new Kept(out.toByteArray(), prefix);
  }

  /** Parses {@code line}; null when it is not a JSON object. */
  private static JsonNode parse(String line) {
    try {
      JsonNode n = StrictJson.readTree(JSON, line);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }
}

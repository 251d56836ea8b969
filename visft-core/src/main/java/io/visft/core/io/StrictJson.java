package io.visft.core.io;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a JSON document as exactly one value: Jackson stops after the first value and ignores
 * whatever follows ({@code {} garbage}, a second object), which would let a corrupt or doctored
 * file pass as valid. Stateless and thread-safe.
 */
public final class StrictJson {
  private StrictJson() {}

  /**
   * The one value of a document, {@link MissingNode} when it is empty; closes the parser.
   *
   * @param parser a parser from {@code mapper}, such as {@code mapper.createParser(file.toFile())}
   * @throws JsonParseException when the value is malformed or anything but whitespace follows it
   * @throws IOException when the input cannot be read
   */
  public static JsonNode readTree(ObjectMapper mapper, JsonParser parser) throws IOException {
    try (parser) {
      JsonNode node = mapper.readTree(parser);
      if (node == null) {
        return MissingNode.getInstance();
      }
      requireEnd(parser);
      return node;
    }
  }

  /**
   * The one value of a JSON text held in memory, {@link MissingNode} when it is empty.
   *
   * @throws JsonProcessingException when the value is malformed or anything but whitespace follows
   *     it
   */
  public static JsonNode readTree(ObjectMapper mapper, String content)
      throws JsonProcessingException {
    try {
      return readTree(mapper, mapper.createParser(content));
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON from a string failed: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that the parser, which has just finished the document's value, is at the end of input.
   *
   * @throws JsonParseException naming the location when more content follows
   */
  public static void requireEnd(JsonParser parser) throws IOException {
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw new JsonParseException(
          parser,
          "content follows the end of the JSON value ("
              + after.name()
              + "); a file holds exactly one value: remove what follows it");
    }
  }
}

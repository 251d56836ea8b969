package io.visft.heads;

import io.visft.api.FileFormatException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a head's config back from the {@code __metadata__} of its safetensors file, with errors
 * naming the file, the key, the value and how to fix it.
 *
 * @param file the head's weights file
 * @param metadata its safetensors metadata
 * @param prefix the key prefix of the config fields, e.g. {@code visft.caption.}
 * @param writer what writes such files, named in the fix (e.g. {@code CaptionHead.save})
 */
public record HeadMetadata(Path file, Map<String, String> metadata, String prefix, String writer) {

  /** The integer stored under {@code prefix + field}. */
  public int integer(String field) {
    String text = text(field);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw malformed(field, text, "an integer", e);
    }
  }

  /** The number stored under {@code prefix + field}. */
  public double real(String field) {
    String text = text(field);
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw malformed(field, text, "a number", e);
    }
  }

  /** The text stored under {@code prefix + field}. */
  public String text(String field) {
    String text = metadata.get(prefix + field);
    if (text == null) {
      throw new FileFormatException(
          String.format(
              "%s: metadata \"%s%s\" is absent; rewrite the head with %s",
              file, prefix, field, writer));
    }
    return text;
  }

  private FileFormatException malformed(
      String field, String text, String expected, NumberFormatException cause) {
    return new FileFormatException(
        String.format(
            "%s: metadata \"%s%s\" is \"%s\", expected %s; rewrite the head with %s",
            file, prefix, field, text, expected, writer),
        cause);
  }
}

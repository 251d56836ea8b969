package io.visft.core.data.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Objects;

/**
 * The content of a words folder's {@link WordLabelsFile labels file}: which image shows which word.
 *
 * @param alphabet the characters words may contain
 * @param maxLength the longest word the folder may hold: the number of character positions a reader
 *     predicts
 * @param render how the images were drawn, or {@code null} for images from elsewhere
 * @param words one entry per image, in order
 */
public record WordLabels(
    Alphabet alphabet, int maxLength, WordRenderConfig render, List<Entry> words) {

  public WordLabels {
    Objects.requireNonNull(alphabet, "alphabet");
    words = List.copyOf(words);
    checkArgument(!words.isEmpty(), "a words folder needs at least one word");
    checkArgument(
        maxLength >= 1 && maxLength <= WordRenderConfig.MAX_LENGTH,
        "max_length %s is outside 1..%s",
        maxLength,
        WordRenderConfig.MAX_LENGTH);
    checkArgument(
        render == null
            || (render.alphabet().equals(alphabet)
                && render.maxLength() == maxLength
                && render.count() == words.size()),
        "render settings %s disagree with alphabet, max_length or word count",
        render);
  }

  /**
   * One image.
   *
   * @param file path of the PNG or JPEG relative to the folder, with {@code /} separators
   * @param text the word it shows, non-empty
   * @param font the font family it was drawn in, or {@code null} when unknown
   */
  public record Entry(String file, String text, String font) {
    public Entry {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(text, "text");
    }
  }
}

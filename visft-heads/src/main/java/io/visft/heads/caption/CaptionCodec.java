package io.visft.heads.caption;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.visft.api.ShapeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts captions to fixed-width id sequences and back with one {@link Vocabulary}.
 *
 * <p>Encoding tokenizes with the vocabulary's tokenizer, maps unknown words to {@code <unk>} and
 * lays the ids out as {@code [<start>, w1 .. wn, <end>, <pad> ...]} with width {@code maxWords +
 * 2}. Immutable and thread-safe.
 *
 * @param vocabulary the word list
 * @param maxWords most words a caption may carry, {@code >= 1}, not counting {@code <start>} and
 *     {@code <end>}
 * @param lengthPolicy what to do with longer captions
 */
public record CaptionCodec(Vocabulary vocabulary, int maxWords, LengthPolicy lengthPolicy) {

  public CaptionCodec {
    requireNonNull(vocabulary, "vocabulary");
    requireNonNull(lengthPolicy, "lengthPolicy");
    checkArgument(maxWords >= 1, "maxWords = %s must be >= 1", maxWords);
  }

  /** Width of every encoded caption: {@code maxWords + 2}. */
  public int width() {
    return maxWords + 2;
  }

  /**
   * Tokenizes and encodes a raw caption.
   *
   * @throws ShapeException under {@link LengthPolicy#REJECT} when it has more than {@code maxWords}
   *     words
   */
  public EncodedCaption encode(String caption) {
    return encodeWords(vocabulary.tokenizer().tokenize(caption));
  }

  /**
   * Encodes already tokenized words (for example the {@code tokens} of a Karpathy split file).
   *
   * @throws ShapeException under {@link LengthPolicy#REJECT} when there are more than {@code
   *     maxWords} words
   */
  public EncodedCaption encodeWords(List<String> words) {
    if (words.size() > maxWords && lengthPolicy == LengthPolicy.REJECT) {
      String preview = String.join(" ", words.subList(0, Math.min(8, words.size())));
      throw new ShapeException(
          String.format(
              "caption has %d words, more than maxWords = %d (\"%s%s\"); raise maxWords, drop"
                  + " such captions, or use LengthPolicy.TRUNCATE",
              words.size(), maxWords, preview, words.size() > 8 ? " ..." : ""));
    }
    int kept = Math.min(words.size(), maxWords);
    int[] ids = new int[width()];
    Arrays.fill(ids, Vocabulary.PAD_ID);
    ids[0] = Vocabulary.START_ID;
    for (int i = 0; i < kept; i++) {
      ids[i + 1] = vocabulary.id(words.get(i));
    }
    ids[kept + 1] = Vocabulary.END_ID;
    return new EncodedCaption(ids, kept + 2);
  }

  /**
   * The words of an id sequence, such as a greedy or beam-search decode: {@code <start>} and {@code
   * <pad>} are skipped, reading stops at the first {@code <end>}, {@code <unk>} is kept as the
   * literal {@code "<unk>"}.
   *
   * @throws IllegalArgumentException naming the position of an id outside the vocabulary
   */
  public List<String> decodeWords(int[] ids) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      checkArgument(
          id >= 0 && id < vocabulary.size(),
          "ids[%s] = %s is outside the vocabulary [0, %s)",
          i,
          id,
          vocabulary.size());
      if (id == Vocabulary.END_ID) {
        break;
      }
      if (id != Vocabulary.START_ID && id != Vocabulary.PAD_ID) {
        words.add(vocabulary.token(id));
      }
    }
    return List.copyOf(words);
  }

  /** {@link #decodeWords(int[])} joined with single spaces. */
  public String decode(int[] ids) {
    return String.join(" ", decodeWords(ids));
  }
}

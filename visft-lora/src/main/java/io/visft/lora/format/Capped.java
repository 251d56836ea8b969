package io.visft.lora.format;

import java.util.Collection;
import java.util.stream.Collectors;

/** Values echoed in error messages, shortened so that a hostile file cannot make a huge message. */
final class Capped {
  private static final int ITEMS = 5;
  private static final int CHARS = 80;

  private Capped() {}

  /** The first few items and, when there are more, how many there are: {@code [a, b, c, … (12 in all)]}. */
  static String list(Collection<?> items) {
    String shown = items.stream().limit(ITEMS).map(i -> text(String.valueOf(i))).collect(Collectors.joining(", "));
    return "[" + shown + (items.size() > ITEMS ? ", … (" + items.size() + " in all)" : "") + "]";
  }

  /** {@code value} cut to its first characters, with its length when cut. */
  static String text(String value) {
    return value.length() <= CHARS ? value : value.substring(0, CHARS) + "… (" + value.length() + " characters)";
  }
}

package io.visft.core.io;

import java.util.Collection;
import java.util.Iterator;
import java.util.function.Function;

/**
 * Bounds what error messages echo from a file: a list shows its first few items and its count, a
 * value its first characters and its length, so a hostile input cannot make a message of megabytes.
 * Stateless and thread-safe.
 */
public final class Capped {
  /** Items a list shows before it is cut. */
  public static final int MAX_ITEMS = 10;

  /** Characters a value shows before it is cut. */
  public static final int MAX_CHARS = 80;

  private Capped() {}

  /**
   * The items as {@code [a, b, c]}, or {@code [a, b, ..., j, ... (200000 in all)]} beyond {@link
   * #MAX_ITEMS}.
   */
  public static String list(Collection<?> items) {
    return list(items, String::valueOf);
  }

  /**
   * As {@link #list(Collection)}, writing each item with {@code show} (each capped by {@link
   * #value}).
   */
  public static <T> String list(Collection<? extends T> items, Function<? super T, String> show) {
    StringBuilder text = new StringBuilder("[");
    Iterator<? extends T> it = items.iterator();
    for (int i = 0; i < MAX_ITEMS && it.hasNext(); i++) {
      text.append(i == 0 ? "" : ", ").append(value(show.apply(it.next())));
    }
    if (items.size() > MAX_ITEMS) {
      text.append(", ... (").append(items.size()).append(" in all)");
    }
    return text.append(']').toString();
  }

  /**
   * The text as is up to {@link #MAX_CHARS} characters, else its start and its length: {@code
   * abc... (100000 chars)}.
   */
  public static String value(String text) {
    return value(text, MAX_CHARS);
  }

  /** As {@link #value(String)} with another bound, for a line that holds a name and more. */
  public static String value(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    return text.substring(0, maxChars) + "... (" + text.length() + " chars)";
  }
}

package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a decoded value before it becomes a dict key or a set member, where Java hashes it. As in
 * Python, a list, dict or set is unhashable and refused; a tuple or frozenset is hashed through its
 * items, so its size is bounded: a pickle can nest a tuple 100,000 deep or share one tuple twice
 * per level through the memo (40 levels hash 2^40 items), which would overflow the stack or never
 * finish. State dict keys are strings and numbers, far inside the bounds.
 */
final class PickleKeys {

  /** Nesting of a tuple or frozenset key beyond this is refused. */
  static final int MAX_DEPTH = 64;

  /** Items of a key, counted through every nested tuple and frozenset, beyond this are refused. */
  static final int MAX_ITEMS = 4096;

  private record Pending(Object value, int depth) {}

  private PickleKeys() {}

  /**
   * @param where the opcode and pickle byte that use the key, such as {@code SETITEM at byte 17}
   * @throws io.visft.api.FileFormatException if the key is unhashable or too large to hash
   */
  static void requireHashable(Path file, Object key, String where) {
    Deque<Pending> pending = new ArrayDeque<>();
    pending.push(new Pending(key, 1));
    int items = 0;
    while (!pending.isEmpty()) {
      Pending next = pending.pop();
      Object value = next.value();
      if (value instanceof List<?>
          || value instanceof Map<?, ?>
          || value instanceof LinkedHashSet<?>) {
        throw malformed(
            file,
            where
                + " uses a "
                + PythonValues.typeName(value)
                + (next.depth() > 1 ? " inside a tuple" : "")
                + " as a dict key or set member; Python refuses that (unhashable type: '"
                + PythonValues.typeName(value)
                + "'), so no torch.save file holds one: the pickle is corrupt or forged");
      }
      Iterable<?> children =
          value instanceof PyTuple tuple
              ? tuple.items()
              : value instanceof Set<?> frozen ? frozen : null;
      if (children == null) {
        continue;
      }
      if (next.depth() >= MAX_DEPTH) {
        throw tooLarge(file, where);
      }
      for (Object child : children) {
        if (++items > MAX_ITEMS) {
          throw tooLarge(file, where);
        }
        pending.push(new Pending(child, next.depth() + 1));
      }
    }
  }

  private static RuntimeException tooLarge(Path file, String where) {
    return malformed(
        file,
        where
            + " uses a key nesting tuples deeper than "
            + MAX_DEPTH
            + " levels or holding more than "
            + MAX_ITEMS
            + " items in all (shared items counted each time); a state dict's keys are strings and "
            + "numbers: the pickle is refused");
  }
}

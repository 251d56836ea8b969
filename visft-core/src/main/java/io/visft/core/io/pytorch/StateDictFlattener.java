package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import com.google.common.annotations.VisibleForTesting;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens a decoded checkpoint into dotted tensor names: nested dicts (and lists or tuples that
 * hold tensors) join their keys with {@code .}, so {@code {"state_dict": {"visual": {"pos_embed":
 * t}}}} names {@code t} {@code state_dict.visual.pos_embed}. Everything else is a non-tensor entry;
 * a container without any tensor inside is one non-tensor entry, not one per leaf.
 */
final class StateDictFlattener {

  /** Nesting beyond this is refused; it also stops cycles built with the pickle memo. */
  static final int MAX_DEPTH = 64;

  /** Values named beyond this are refused; it stops memo-shared containers from multiplying. */
  static final int MAX_VISITS = 1 << 20;

  /**
   * The flattened checkpoint.
   *
   * @param tensors tensors by dotted name, in pickle order
   * @param nonTensorEntries descriptions of the other entries by dotted name, in pickle order
   */
  record Flattened(Map<String, StoredTensor> tensors, Map<String, String> nonTensorEntries) {}

  private final Path file;
  private final int maxVisits;
  private final Map<String, StoredTensor> tensors = new LinkedHashMap<>();
  private final Map<String, String> nonTensors = new LinkedHashMap<>();
  private final Map<Object, Boolean> holdsTensor = new IdentityHashMap<>();
  private int visits;

  private StateDictFlattener(Path file, int maxVisits) {
    this.file = file;
    this.maxVisits = maxVisits;
  }

  /**
   * Flattens the object that data.pkl decodes to, which must be a dict.
   *
   * @throws io.visft.api.FileFormatException if the object is not a dict, two tensors flatten to
   *     one name, a key cannot name a tensor, or the nesting is too deep or too wide
   */
  static Flattened flatten(Path file, Object root) {
    return flatten(file, root, MAX_VISITS);
  }

  @VisibleForTesting
  static Flattened flatten(Path file, Object root, int maxVisits) {
    if (!(root instanceof Map<?, ?> dict)) {
      throw malformed(
          file,
          "data.pkl holds a "
              + PythonValues.typeName(root)
              + "; a state dict (a dict of "
              + "tensors, possibly nested) is expected");
    }
    StateDictFlattener flattener = new StateDictFlattener(file, maxVisits);
    dict.forEach((key, value) -> flattener.visit(flattener.name("", key), value, 1));
    return new Flattened(
        Collections.unmodifiableMap(flattener.tensors),
        Collections.unmodifiableMap(flattener.nonTensors));
  }

  private void visit(String name, Object value, int depth) {
    if (++visits > maxVisits || depth > MAX_DEPTH) {
      throw tooLarge(name);
    }
    if (value instanceof StoredTensor tensor) {
      if (tensors.putIfAbsent(name, tensor) != null) {
        throw malformed(
            file,
            "two tensors flatten to the name '"
                + name
                + "' (a key containing '.' "
                + "collides with a nested dict); rename one before saving");
      }
      return;
    }
    Map<Object, Object> children = children(value);
    if (children == null || !holdsTensor(value, depth)) {
      nonTensors.putIfAbsent(name, PythonValues.describe(value));
      return;
    }
    children.forEach((key, child) -> visit(name(name + ".", key), child, depth + 1));
  }

  /**
   * Whether a tensor lies anywhere inside {@code value}; memoised, since the pickle memo shares
   * containers.
   */
  private boolean holdsTensor(Object value, int depth) {
    if (value instanceof StoredTensor) {
      return true;
    }
    Map<Object, Object> children = children(value);
    if (children == null) {
      return false;
    }
    Boolean known = holdsTensor.get(value);
    if (known != null) {
      return known;
    }
    if (depth > MAX_DEPTH) {
      throw tooLarge("a container " + depth + " levels down");
    }
    boolean found = false;
    for (Object child : children.values()) {
      if (holdsTensor(child, depth + 1)) {
        found = true;
        break;
      }
    }
    holdsTensor.put(value, found);
    return found;
  }

  /** The entries of a dict, or of a list or tuple keyed by index; null for any other value. */
  @SuppressWarnings("unchecked")
  private static Map<Object, Object> children(Object value) {
    if (value instanceof Map<?, ?> dict) {
      return (Map<Object, Object>) dict;
    }
    List<?> items =
        value instanceof PyTuple tuple
            ? tuple.items()
            : value instanceof List<?> list ? list : null;
    if (items == null) {
      return null;
    }
    Map<Object, Object> indexed = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      indexed.put((long) i, items.get(i));
    }
    return indexed;
  }

  private String name(String prefix, Object key) {
    if (key instanceof String || key instanceof Long || key instanceof BigInteger) {
      return prefix + key;
    }
    if (key instanceof Boolean b) {
      return prefix + (b ? "True" : "False");
    }
    throw malformed(
        file,
        "a dict under '"
            + prefix
            + "' has a key of type "
            + PythonValues.typeName(key)
            + "; only str, int and bool keys can name a tensor");
  }

  private RuntimeException tooLarge(String where) {
    return malformed(
        file,
        "the checkpoint nests deeper than "
            + MAX_DEPTH
            + " levels or names more than "
            + maxVisits
            + " values (at '"
            + where
            + "'); it may contain a cycle or shared containers and is refused");
  }
}

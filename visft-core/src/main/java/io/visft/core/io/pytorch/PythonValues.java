package io.visft.core.io.pytorch;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names and short descriptions of decoded pickle values, for diagnostics and error messages. */
final class PythonValues {

  private static final int MAX_QUOTED = 60;

  private PythonValues() {}

  /** The Python type of a decoded value, such as {@code int} or {@code dict}. */
  static String typeName(Object value) {
    if (value == null) {
      return "NoneType";
    } else if (value instanceof Boolean) {
      return "bool";
    } else if (value instanceof Long || value instanceof BigInteger) {
      return "int";
    } else if (value instanceof Double) {
      return "float";
    } else if (value instanceof String) {
      return "str";
    } else if (value instanceof byte[]) {
      return "bytes";
    } else if (value instanceof PyTuple) {
      return "tuple";
    } else if (value instanceof List) {
      return "list";
    } else if (value instanceof Map) {
      return "dict";
    } else if (value instanceof Set) {
      return "set";
    } else if (value instanceof AllowedGlobal global) {
      return "global " + global.qualifiedName();
    } else if (value instanceof StorageRef) {
      return "storage";
    } else if (value instanceof StoredTensor) {
      return "tensor";
    }
    throw new IllegalStateException(
        "no Python type for decoded value of class " + value.getClass());
  }

  /**
   * A one-line description such as {@code int 3}, {@code str 'adamw'} or {@code list of 2 items}.
   */
  static String describe(Object value) {
    if (value == null) {
      return "None";
    } else if (value instanceof Boolean b) {
      return "bool " + (b ? "True" : "False");
    } else if (value instanceof String s) {
      return "str '"
          + (s.length() > MAX_QUOTED
              ? s.substring(0, MAX_QUOTED) + "...' (" + s.length() + " chars)"
              : s + "'");
    } else if (value instanceof byte[] bytes) {
      return "bytes of length " + bytes.length;
    } else if (value instanceof PyTuple tuple) {
      return "tuple of " + tuple.size() + " items";
    } else if (value instanceof List<?> list) {
      return "list of " + list.size() + " items";
    } else if (value instanceof Map<?, ?> map) {
      return "dict of " + map.size() + " entries";
    } else if (value instanceof Set<?> set) {
      return "set of " + set.size() + " items";
    } else if (value instanceof AllowedGlobal global) {
      return global.qualifiedName();
    } else if (value instanceof StorageRef storage) {
      return "storage '"
          + storage.key()
          + "' of "
          + storage.numel()
          + " "
          + storage.dtype()
          + " elements";
    }
    return typeName(value) + " " + value;
  }
}

package io.visft.core.graph;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Immutable attribute values of a node. Values are {@code Long}, {@code Float}, {@code String},
 * {@code long[]} or {@code float[]} (see {@link AttrSpec.Kind}).
 */
public final class Attributes {

  private static final Attributes EMPTY = new Attributes(Map.of());
  private final Map<String, Object> values;

  private Attributes(Map<String, Object> values) {
    this.values = values;
  }

  public static Attributes none() {
    return EMPTY;
  }

  /**
   * Attributes from alternating names and values; ints are widened to {@code Long}, doubles to
   * {@code Float}, {@code int[]} to {@code long[]}.
   */
  public static Attributes of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Attributes.of needs name/value pairs, got an odd count");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], normalize(namesAndValues[i + 1]));
    }
    return new Attributes(Collections.unmodifiableMap(m));
  }

  private static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Double d) {
      return d.floatValue();
    }
    if (v instanceof int[] a) {
      return Arrays.stream(a).asLongStream().toArray();
    }
    if (v instanceof long[] a) {
      return a.clone();
    }
    if (v instanceof float[] a) {
      return a.clone();
    }
    return v;
  }

  /** A copy with the defaults of {@code specs} filled in for attributes not given. */
  Attributes withDefaults(Iterable<AttrSpec> specs) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    for (AttrSpec s : specs) {
      if (!m.containsKey(s.name()) && s.defaultValue() != null) {
        m.put(s.name(), normalize(s.defaultValue()));
      }
    }
    return new Attributes(Collections.unmodifiableMap(m));
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public long getInt(String name) {
    return (Long) get(name);
  }

  public float getFloat(String name) {
    return (Float) get(name);
  }

  public String getString(String name) {
    return (String) get(name);
  }

  public long[] getInts(String name) {
    return ((long[]) get(name)).clone();
  }

  public float[] getFloats(String name) {
    return ((float[]) get(name)).clone();
  }

  private Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "no attribute '" + name + "', present: " + values.keySet());
    }
    return v;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    values.forEach(
        (k, v) -> {
          if (sb.length() > 1) {
            sb.append(", ");
          }
          sb.append(k).append('=');
          if (v instanceof long[] a) {
            sb.append(Arrays.toString(a));
          } else if (v instanceof float[] a) {
            sb.append(Arrays.toString(a));
          } else {
            sb.append(v);
          }
        });
    return sb.append('}').toString();
  }
}

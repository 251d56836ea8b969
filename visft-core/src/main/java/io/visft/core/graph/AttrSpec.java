package io.visft.core.graph;

import java.util.List;

/**
 * One attribute an op accepts: its ONNX name, its kind and its default ({@code null} = required).
 *
 * @param name ONNX attribute name
 * @param kind value kind
 * @param defaultValue default, or {@code null} when the attribute must be given
 */
public record AttrSpec(String name, Kind kind, Object defaultValue) {

  /** Attribute value kinds, mapped to Java types. */
  public enum Kind {
    /** {@code Long}. */
    INT,
    /** {@code Float}. */
    FLOAT,
    /** {@code String}. */
    STRING,
    /** {@code long[]}. */
    INTS,
    /** {@code float[]}. */
    FLOATS;

    boolean accepts(Object v) {
      return switch (this) {
        case INT -> v instanceof Long;
        case FLOAT -> v instanceof Float;
        case STRING -> v instanceof String;
        case INTS -> v instanceof long[];
        case FLOATS -> v instanceof float[];
      };
    }
  }

  public static AttrSpec required(String name, Kind kind) {
    return new AttrSpec(name, kind, null);
  }

  public static AttrSpec optional(String name, Kind kind, Object defaultValue) {
    return new AttrSpec(name, kind, defaultValue);
  }

  public static List<AttrSpec> none() {
    return List.of();
  }

  public boolean isRequired() {
    return defaultValue == null;
  }
}

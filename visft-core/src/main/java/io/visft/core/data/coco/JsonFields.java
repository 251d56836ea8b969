package io.visft.core.data.coco;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.FileFormatException;
import io.visft.core.io.Capped;

/**
 * Typed access to the fields of one JSON element of a COCO file, raising {@link
 * FileFormatException}s that name the file, the element and the field.
 */
final class JsonFields {
  /** -2^63, exactly representable; 2^63 is its negation, the first double beyond a long. */
  private static final double MIN_LONG_AS_DOUBLE = -0x1p63;

  private final String file;
  private final String element;
  private final JsonNode node;

  /**
   * @param file the file name, first in every message
   * @param element the element, e.g. {@code "annotation id 17"} or {@code "result #3"}
   * @param node the element's JSON object
   */
  JsonFields(String file, String element, JsonNode node) {
    this.file = file;
    this.element = element;
    this.node = node;
  }

  /** The element label used in messages. */
  String element() {
    return element;
  }

  /** Whether the field is present and not null. */
  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /** A failure of {@code field}: "file: element: field 'f': problem". */
  FileFormatException error(String field, String problem) {
    return new FileFormatException(
        String.format("%s: %s: field '%s': %s", file, element, field, problem));
  }

  /** A failure of {@code field} caused by a validation failure of the value. */
  FileFormatException error(String field, IllegalArgumentException cause) {
    return new FileFormatException(
        String.format("%s: %s: field '%s': %s", file, element, field, cause.getMessage()), cause);
  }

  /** A required field's raw value. */
  JsonNode required(String field) {
    if (!has(field)) {
      throw error(field, "missing; every " + kind() + " needs it");
    }
    return node.get(field);
  }

  /**
   * A required integer id: an integer, or a float with no fraction (as some tools write), in the
   * 64-bit range. Beyond it a cast would clamp, and two distinct ids would become one.
   */
  long id(String field) {
    JsonNode value = required(field);
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    double number = value.doubleValue();
    boolean whole =
        value.isIntegralNumber() || (value.isFloatingPointNumber() && number == Math.rint(number));
    if (!whole) {
      throw error(field, "value " + abbreviate(value) + " is not an integer id");
    }
    if (value.isIntegralNumber() || number < MIN_LONG_AS_DOUBLE || number >= -MIN_LONG_AS_DOUBLE) {
      throw error(
          field,
          "value "
              + abbreviate(value)
              + " is outside the 64-bit id range [-2^63, 2^63 - 1]; "
              + "renumber the ids below 9223372036854775808");
    }
    return (long) number;
  }

  /** A required finite number. */
  double number(String field) {
    return finite(field, required(field));
  }

  /** A required positive integer that fits in an int. */
  int positiveInt(String field) {
    JsonNode value = required(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
      throw error(field, "value " + abbreviate(value) + " is not a positive integer");
    }
    return value.intValue();
  }

  /** A required string. */
  String text(String field) {
    JsonNode value = required(field);
    if (!value.isTextual()) {
      throw error(field, "value " + abbreviate(value) + " is not a string");
    }
    return value.textValue();
  }

  /** An optional string, {@code fallback} when absent. */
  String text(String field, String fallback) {
    return has(field) ? text(field) : fallback;
  }

  /** An optional 0/1 or boolean flag, {@code false} when absent. */
  boolean flag(String field) {
    if (!has(field)) {
      return false;
    }
    JsonNode value = node.get(field);
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber() && (value.longValue() == 0 || value.longValue() == 1)) {
      return value.longValue() == 1;
    }
    throw error(field, "value " + abbreviate(value) + " is not 0, 1, true or false");
  }

  /** A JSON array of finite numbers. */
  double[] numbers(String field, JsonNode array) {
    if (!array.isArray()) {
      throw error(field, "value " + abbreviate(array) + " is not an array of numbers");
    }
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = finite(field, array.get(i));
    }
    return values;
  }

  private double finite(String field, JsonNode value) {
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw error(field, "value " + abbreviate(value) + " is not a finite number");
    }
    return value.doubleValue();
  }

  private String kind() {
    int space = element.indexOf(' ');
    return space < 0 ? element : element.substring(0, space);
  }

  /** A JSON value shortened for messages. */
  static String abbreviate(JsonNode value) {
    return Capped.value(value.toString());
  }
}

package io.visft.api;

import java.util.Locale;

/**
 * Reads the config spelling of an enum constant: its name in any case, surrounding spaces ignored
 * ({@code fp32}, {@code auto}, {@code int8}). Used by the config enums' {@code parse} methods so
 * they accept and reject values alike.
 */
public final class ConfigNames {
  private static final int SHOWN_CHARACTERS = 40;

  private ConfigNames() {}

  /**
   * The constant of {@code type} named {@code value}, compared with its {@code name()} in upper
   * case.
   *
   * @param field where the value was set (e.g. {@code --compute-precision}), for the message
   * @param rule the end of the message: what the value is not and which values to use instead
   * @throws ConfigException {@code "<field> = '<value>' <rule>"}, a value over 40 characters cut
   *     and its length given
   */
  public static <E extends Enum<E>> E parse(
      Class<E> type, String value, String field, String rule) {
    String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(v)) {
        return e;
      }
    }
    String shown =
        value == null
            ? "null"
            : value.length() > SHOWN_CHARACTERS
                ? value.substring(0, SHOWN_CHARACTERS) + "… (" + value.length() + " characters)"
                : value;
    throw new ConfigException(field + " = '" + shown + "' " + rule);
  }
}

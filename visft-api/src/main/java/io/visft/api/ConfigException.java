package io.visft.api;

/**
 * A configuration value is invalid; the message names the field, quotes the value and states the
 * rule.
 */
public class ConfigException extends ViSFTException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

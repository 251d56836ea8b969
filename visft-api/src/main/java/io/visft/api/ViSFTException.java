package io.visft.api;

/**
 * Base of every domain failure raised by ViSFT for Java.
 *
 * <p>Unchecked, like the exceptions of the libraries users pair it with. Messages say what failed,
 * the offending value, what was expected and how to fix it.
 */
public class ViSFTException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ViSFTException(String message) {
    super(message);
  }

  public ViSFTException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.visft.api;

/**
 * A tensor or graph value has the wrong shape or type; the message names the value, the shape found
 * and the shape expected.
 */
public class ShapeException extends ViSFTException {
  private static final long serialVersionUID = 1L;

  public ShapeException(String message) {
    super(message);
  }

  public ShapeException(String message, Throwable cause) {
    super(message, cause);
  }
}

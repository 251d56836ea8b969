package io.visft.api;

/**
 * A non-finite value (NaN or Inf) appeared where a finite one is required, such as a loss or a
 * weight to merge.
 */
public class NumericException extends ViSFTException {
  private static final long serialVersionUID = 1L;

  public NumericException(String message) {
    super(message);
  }

  public NumericException(String message, Throwable cause) {
    super(message, cause);
  }
}

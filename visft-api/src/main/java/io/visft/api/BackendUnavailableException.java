package io.visft.api;

/**
 * A requested compute backend (CUDA, cuBLAS) cannot be used here; the message says why and what to
 * install.
 */
public class BackendUnavailableException extends ViSFTException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.visft.api;

/**
 * A file (checkpoint, adapter, annotations, image) is malformed or of an unsupported kind; the
 * message names the file and the rule broken.
 */
public class FileFormatException extends ViSFTException {
  private static final long serialVersionUID = 1L;

  public FileFormatException(String message) {
    super(message);
  }

  public FileFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

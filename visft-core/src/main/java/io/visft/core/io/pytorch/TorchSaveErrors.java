package io.visft.core.io.pytorch;

import io.visft.api.FileFormatException;
import io.visft.core.io.Capped;
import java.nio.file.Path;

/**
 * Builds the exceptions for malformed or refused torch.save files, so every message names the file.
 */
final class TorchSaveErrors {

  /**
   * A detail is cut beyond this, a backstop behind the capping of each echoed value: names in a zip
   * or a pickle can be megabytes long.
   */
  private static final int MAX_DETAIL_CHARS = 2_000;

  private TorchSaveErrors() {}

  /** A checkpoint that breaks the zip, pickle or torch.save layout rules, or that was refused. */
  static FileFormatException malformed(Path file, String detail) {
    return new FileFormatException(
        "PyTorch checkpoint " + file + ": " + Capped.value(detail, MAX_DETAIL_CHARS));
  }

  /** As {@link #malformed(Path, String)}, keeping the low-level cause. */
  static FileFormatException malformed(Path file, String detail, Throwable cause) {
    return new FileFormatException(
        "PyTorch checkpoint " + file + ": " + Capped.value(detail, MAX_DETAIL_CHARS), cause);
  }
}

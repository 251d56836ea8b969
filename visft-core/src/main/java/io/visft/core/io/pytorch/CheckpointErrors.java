package io.visft.core.io.pytorch;

import io.visft.api.FileFormatException;
import java.nio.file.Path;

/** Builds the exceptions for malformed or refused checkpoints, so every message names the file. */
final class CheckpointErrors {

  private CheckpointErrors() {}

  /** A checkpoint that breaks the zip, pickle or torch.save layout rules, or that was refused. */
  static FileFormatException malformed(Path file, String detail) {
    return new FileFormatException("PyTorch checkpoint " + file + ": " + detail);
  }

  /** As {@link #malformed(Path, String)}, keeping the low-level cause. */
  static FileFormatException malformed(Path file, String detail, Throwable cause) {
    return new FileFormatException("PyTorch checkpoint " + file + ": " + detail, cause);
  }
}

package io.visft.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Words an I/O failure for a message that already names the file. The JDK's file exceptions carry
 * only the path as their message ({@code NoSuchFileException: x.pt}), which would read "cannot read
 * x.pt: x.pt"; this gives the reason instead. Stateless and thread-safe.
 */
public final class IoFailures {
  private IoFailures() {}

  /**
   * {@code no such file}, {@code permission denied}, the file system's reason, or the exception's
   * message.
   */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}

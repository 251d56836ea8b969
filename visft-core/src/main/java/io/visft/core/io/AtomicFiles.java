package io.visft.core.io;

import io.visft.api.ViSFTException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes go to
 * a temporary file in the same folder, are forced to disk, and the file is renamed over the target.
 * A crash mid-write leaves the previous file intact, and a temporary file named {@code
 * .<target>.<digits>.tmp}, which {@link #removeStale(Path)} deletes on the next run. The file gets
 * the permissions any new file gets (those the umask leaves), not the owner-only mode of {@code
 * Files.createTempFile}.
 */
public final class AtomicFiles {
  /** Writes the content through a channel. */
  @FunctionalInterface
  public interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  private static final String SUFFIX = ".tmp";

  /** The names {@link #write} gives its temporary files: {@code .<target>.<digits>.tmp}. */
  private static final Pattern TEMPORARY =
      Pattern.compile("\\..+\\.[0-9]+" + Pattern.quote(SUFFIX));

  private AtomicFiles() {}

  public static void write(Path target, Content content) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = createSibling(dir, target);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        content.writeTo(ch);
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new ViSFTException(
          "cannot write "
              + target
              + ": "
              + e.getMessage()
              + " (check that the folder exists, is writable and has free space)",
          e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The temporary file is hidden and named after the target; nothing else refers to it.
        }
      }
    }
  }

  /**
   * Deletes the temporary files that a {@link #write} into {@code dir} left when its process was
   * killed mid-write (regular files named {@code .<name>.<digits>.tmp}, directly in {@code dir}).
   * Call it before a run writes into {@code dir}, never while another process writes there.
   *
   * @return the files deleted, in name order; empty when {@code dir} does not exist
   */
  public static List<Path> removeStale(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> removed = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted().toList()) {
        if (TEMPORARY.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
          Files.delete(p);
          removed.add(p);
        }
      }
    } catch (IOException e) {
      throw new ViSFTException(
          "cannot remove stale temporary files in "
              + dir
              + ": "
              + e.getMessage()
              + " (check that the folder is writable, or delete its hidden .*.tmp files by hand)",
          e);
    }
    return removed;
  }

  /**
   * Creates an empty hidden file named after {@code target} in {@code dir}, the way any new file is
   * created (so with the permissions the umask leaves, unlike {@code Files.createTempFile}'s 0600).
   */
  private static Path createSibling(Path dir, Path target) throws IOException {
    while (true) {
      Path tmp =
          dir.resolve(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toUnsignedString(ThreadLocalRandom.current().nextLong())
                  + SUFFIX);
      try {
        return Files.createFile(tmp);
      } catch (FileAlreadyExistsException taken) {
        // Another writer drew the same name; draw again.
      }
    }
  }
}

package io.visft.core.io;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Identities of files by content, for keys of caches derived from them: a file rewritten in place
 * (same name and count, even the same size and time) changes its identity. Stateless.
 */
public final class FileDigests {
  private static final int BUFFER = 1 << 16;

  private FileDigests() {}

  /**
   * SHA-256 in hex over, for each file in order, its path relative to {@code root} ({@code /}
   * separated), its size, its modification time in ms and the SHA-256 of its bytes. Reads every
   * file once.
   *
   * @throws UncheckedIOException naming the file that cannot be read
   */
  public static String of(Path root, List<Path> files) {
    Path base = root.toAbsolutePath().normalize();
    Hasher all = Hashing.sha256().newHasher();
    byte[] buffer = new byte[BUFFER];
    for (Path file : files) {
      Path abs = file.toAbsolutePath().normalize();
      String relative =
          base.relativize(abs).toString().replace(abs.getFileSystem().getSeparator(), "/");
      try {
        all.putInt(relative.length())
            .putString(relative, StandardCharsets.UTF_8)
            .putLong(Files.size(abs))
            .putLong(Files.getLastModifiedTime(abs).toMillis())
            .putBytes(content(abs, buffer));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read " + file + " to identify its contents for a cache key", e);
      }
    }
    return all.hash().toString();
  }

  private static byte[] content(Path file, byte[] buffer) throws IOException {
    Hasher h = Hashing.sha256().newHasher();
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        h.putBytes(buffer, 0, n);
      }
    }
    return h.hash().asBytes();
  }
}

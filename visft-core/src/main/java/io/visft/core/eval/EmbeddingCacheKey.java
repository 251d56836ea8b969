package io.visft.core.eval;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an embedding depends on: the backbone checkpoint, the adapter, the data set and the image
 * size (and whether dense maps are kept). Files are identified by absolute path, size and
 * modification time, so a rewritten checkpoint misses the cache.
 *
 * @param checkpoint {@link #fileIdentity} of the checkpoint
 * @param adapter {@link #fileIdentity} of the adapter plus its settings, or {@code "none"}
 * @param dataset {@link io.visft.core.data.LabeledImages#id()}
 * @param imageSize input side in pixels
 * @param dense whether dense maps are part of the entry
 */
public record EmbeddingCacheKey(String checkpoint, String adapter, String dataset, int imageSize, boolean dense) {
  /** The adapter field of a base (unadapted) backbone. */
  public static final String NO_ADAPTER = "none";

  /** {@code absolute path | size in bytes | modification time in ms} of a file or folder. */
  public static String fileIdentity(Path file) {
    try {
      Path p = file.toAbsolutePath().normalize();
      long size = Files.isDirectory(p) ? folderSize(p) : Files.size(p);
      return p + "|" + size + "|" + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file + " to key the embedding cache", e);
    }
  }

  private static long folderSize(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** The full key text, stored in the cache file to guard against collisions. */
  public String text() {
    return String.join("\n", "checkpoint=" + checkpoint, "adapter=" + adapter, "dataset=" + dataset,
        "image_size=" + imageSize, "dense=" + dense);
  }

  /** SHA-256 of {@link #text()} in hex: the cache file name. */
  public String hash() {
    return Hashing.sha256().hashString(text(), StandardCharsets.UTF_8).toString();
  }
}

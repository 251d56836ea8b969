package io.visft.core.eval;

import com.google.common.hash.Hashing;
import io.visft.core.io.FileDigests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What an embedding depends on: the backbone checkpoint, the adapter, the data set and the image
 * size (and whether dense maps are kept). Files are identified by absolute path, size and
 * modification time, so a rewritten checkpoint misses the cache; data sets identify their images by
 * content ({@link io.visft.core.data.LabeledImages#id()}).
 *
 * @param checkpoint {@link #fileIdentity} of the checkpoint
 * @param adapter {@link #fileIdentity} of the adapter plus its settings, or {@code "none"}
 * @param dataset {@link io.visft.core.data.LabeledImages#id()}
 * @param imageSize input side in pixels
 * @param dense whether dense maps are part of the entry
 */
public record EmbeddingCacheKey(
    String checkpoint, String adapter, String dataset, int imageSize, boolean dense) {
  /** The adapter field of a base (unadapted) backbone. */
  public static final String NO_ADAPTER = "none";

  /**
   * {@code absolute path | size in bytes | modification time in ms} of a file; for a folder (a PEFT
   * adapter), {@code absolute path | } the {@link FileDigests} of every file in it, since a file
   * rewritten inside a folder changes neither the folder's time nor, often, its total size.
   */
  public static String fileIdentity(Path file) {
    try {
      Path p = file.toAbsolutePath().normalize();
      if (Files.isDirectory(p)) {
        return p + "|" + FileDigests.of(p, filesUnder(p));
      }
      return p + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file + " to key the embedding cache", e);
    }
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The full key text, stored in the cache file to guard against collisions. */
  public String text() {
    return String.join(
        "\n",
        "checkpoint=" + checkpoint,
        "adapter=" + adapter,
        "dataset=" + dataset,
        "image_size=" + imageSize,
        "dense=" + dense);
  }

  /** SHA-256 of {@link #text()} in hex: the cache file name. */
  public String hash() {
    return Hashing.sha256().hashString(text(), StandardCharsets.UTF_8).toString();
  }
}

package io.visft.core.eval;

import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings stored on disk as safetensors, one file per {@link EmbeddingCacheKey} named by its
 * hash: tensors {@code pooled} {@code [n, C]} F32, {@code labels} {@code [n]} I64 and, for dense
 * entries, {@code dense} {@code [n, C, h, w]} F32; the key text is kept in the metadata and checked
 * on every read. Files are written atomically.
 *
 * <p>Safe for concurrent readers; concurrent writers of one key simply race to write the same file.
 */
public final class EmbeddingCache {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
  private static final String KEY = "visft.embedding_key";
  private static final String POOLED = "pooled";
  private static final String DENSE = "dense";
  private static final String LABELS = "labels";

  private final Path directory;

  /** A cache in {@code directory} (created on first write). */
  public EmbeddingCache(Path directory) {
    this.directory = directory;
  }

  /** The file of {@code key}. */
  public Path file(EmbeddingCacheKey key) {
    return directory.resolve(key.hash() + ".safetensors");
  }

  /** The cached embeddings of {@code key}, or empty when none are stored. */
  public Optional<ImageEmbeddings> load(EmbeddingCacheKey key) {
    Path file = file(key);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (SafetensorsFile in = SafetensorsFile.open(file)) {
      String stored = in.metadata().get(KEY);
      if (!key.text().equals(stored)) {
        throw new FileFormatException(
            "embedding cache file "
                + file
                + " holds key '"
                + stored
                + "', expected '"
                + key.text()
                + "'; delete the file");
      }
      HostTensor pooled = in.tensorF32(POOLED);
      long[] labels = in.tensor(LABELS).toLongArray();
      int[] intLabels = new int[labels.length];
      for (int i = 0; i < intLabels.length; i++) {
        intLabels[i] = Math.toIntExact(labels[i]);
      }
      HostTensor dense = key.dense() ? copy(in.tensorF32(DENSE)) : null;
      long[] shape = pooled.shape();
      LOG.info("embedding cache hit {} ({} images)", file, shape[0]);
      return Optional.of(
          new ImageEmbeddings(
              new FeatureMatrix((int) shape[0], (int) shape[1], pooled.toFloatArray()),
              dense,
              intLabels));
    }
  }

  /** Stores {@code embeddings} under {@code key}. */
  public void store(EmbeddingCacheKey key, ImageEmbeddings embeddings) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create embedding cache folder " + directory, e);
    }
    FeatureMatrix pooled = embeddings.pooled();
    long[] labels = new long[embeddings.labels().length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = embeddings.labels()[i];
    }
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put(POOLED, HostTensor.ofFloats(pooled.values(), pooled.rows(), pooled.dim()));
    tensors.put(LABELS, HostTensor.ofLongs(labels, labels.length));
    if (key.dense()) {
      tensors.put(DENSE, embeddings.dense());
    }
    SafetensorsWriter.write(file(key), tensors, Map.of(KEY, key.text(), "format", "pt"));
  }

  /** The cached embeddings of {@code key}, or those of {@code compute}, which are then stored. */
  public ImageEmbeddings getOrCompute(EmbeddingCacheKey key, Supplier<ImageEmbeddings> compute) {
    return load(key)
        .orElseGet(
            () -> {
              ImageEmbeddings fresh = compute.get();
              store(key, fresh);
              return fresh;
            });
  }

  private static HostTensor copy(HostTensor mapped) {
    return HostTensor.ofFloats(mapped.toFloatArray(), mapped.shape());
  }
}

package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.visft.core.data.folder.ImageFolderDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image folder rewritten in place (same names, same count) must not be served from the cache.
 */
class EmbeddingCacheContentTest {
  @TempDir Path dir;

  private void png(String path, int rgb) throws IOException {
    Path file = dir.resolve("images").resolve(path);
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
    image.setRGB(1, 2, rgb);
    ImageIO.write(image, "png", file.toFile());
  }

  private int embed(EmbeddingCache cache, AtomicInteger computed) {
    ImageFolderDataset data = ImageFolderDataset.open(dir.resolve("images"));
    EmbeddingCacheKey key =
        new EmbeddingCacheKey("ckpt|1|2", EmbeddingCacheKey.NO_ADAPTER, data.id(), 4, false);
    cache.getOrCompute(
        key,
        () -> {
          computed.incrementAndGet();
          return new ImageEmbeddings(
              new FeatureMatrix(data.size(), 1, new float[data.size()]), null, data.labels());
        });
    return computed.get();
  }

  @Test
  void overwrittenImagesMissTheCache() throws IOException {
    png("cat/1.png", 0xFF0000);
    png("cat/2.png", 0xFF0000);
    png("dog/1.png", 0x00FF00);
    png("dog/2.png", 0x00FF00);
    EmbeddingCache cache = new EmbeddingCache(dir.resolve("cache"));
    AtomicInteger computed = new AtomicInteger();
    assertEquals(1, embed(cache, computed));
    assertEquals(1, embed(cache, computed), "unchanged images are read from the cache");
    Path images = dir.resolve("images");
    Files.copy(
        images.resolve("dog/1.png"),
        images.resolve("cat/1.png"),
        StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        images.resolve("dog/2.png"),
        images.resolve("cat/2.png"),
        StandardCopyOption.REPLACE_EXISTING);
    assertEquals(2, embed(cache, computed), "the rewritten folder is embedded afresh");
  }

  /**
   * A PEFT adapter folder: rewriting a file inside changes neither the folder's time nor its size.
   */
  @Test
  void aFileRewrittenInsideAFolderChangesTheFolderIdentity() throws IOException {
    Path adapter = Files.createDirectories(dir.resolve("adapter"));
    Path weights = Files.writeString(adapter.resolve("adapter_model.safetensors"), "aaaa");
    FileTime fileTime = Files.getLastModifiedTime(weights);
    FileTime folderTime = Files.getLastModifiedTime(adapter);
    String before = EmbeddingCacheKey.fileIdentity(adapter);
    Files.writeString(weights, "bbbb");
    Files.setLastModifiedTime(weights, fileTime);
    Files.setLastModifiedTime(adapter, folderTime);
    assertNotEquals(before, EmbeddingCacheKey.fileIdentity(adapter));
  }
}

package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.RgbColor;
import io.visft.core.data.image.RgbImage;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batching, pooling and caching, with a stand-in extractor whose maps are known. */
class ImageEmbedderTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  /** Five uniformly coloured 6x4 images; image i has grey level i / 10 and label i % 2. */
  private static final LabeledImages GREYS =
      new LabeledImages() {
        @Override
        public String id() {
          return "greys";
        }

        @Override
        public int size() {
          return 5;
        }

        @Override
        public int label(int index) {
          return index % 2;
        }

        @Override
        public RgbImage image(int index) {
          float v = index / 10f;
          return RgbImage.filled(6, 4, new RgbColor(v, v, v));
        }

        @Override
        public List<String> classNames() {
          return List.of("even", "odd");
        }
      };

  /**
   * Maps [B, 3, H, W] to [B, 2, H/2, W/2]: channel 0 = the red value, channel 1 = its row index.
   */
  private static HostTensor stride2(HostTensor pixels) {
    long[] s = pixels.shape();
    int b = (int) s[0];
    int h = (int) s[2] / 2;
    int w = (int) s[3] / 2;
    FloatBuffer in = pixels.floatView();
    float[] out = new float[b * 2 * h * w];
    for (int i = 0; i < b; i++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out[((i * 2) * h + y) * w + x] = in.get((int) (i * 3 * s[2] * s[3]));
          out[((i * 2 + 1) * h + y) * w + x] = y;
        }
      }
    }
    return HostTensor.ofFloats(out, b, 2, h, w);
  }

  @Test
  void poolsEveryImageAcrossBatchesAndKeepsDenseMaps() {
    ImageEmbeddings e =
        new ImageEmbedder(ImageEmbedderTest::stride2, 8, 2, QUIET).embed(GREYS, "greys", true);
    assertEquals(5, e.pooled().rows());
    assertEquals(2, e.pooled().dim());
    assertArrayEquals(new long[] {5, 2, 4, 4}, e.dense().shape());
    assertArrayEquals(new int[] {0, 1, 0, 1, 0}, e.labels());
    for (int i = 0; i < 5; i++) {
      float normalisedRed = (i / 10f - 0.485f) / 0.229f;
      assertEquals(normalisedRed, e.pooled().get(i, 0), 1e-5, "image " + i);
      assertEquals(1.5f, e.pooled().get(i, 1), 1e-6, "mean row index of a 4-row map");
    }
  }

  @Test
  void cacheReturnsStoredEmbeddingsAndSeparatesKeys() {
    EmbeddingCache cache = new EmbeddingCache(dir);
    AtomicInteger calls = new AtomicInteger();
    ImageEmbedder embedder =
        new ImageEmbedder(
            pixels -> {
              calls.incrementAndGet();
              return stride2(pixels);
            },
            8,
            4,
            QUIET);
    EmbeddingCacheKey key =
        new EmbeddingCacheKey("ckpt|1|2", EmbeddingCacheKey.NO_ADAPTER, GREYS.id(), 8, true);
    ImageEmbeddings first = cache.getOrCompute(key, () -> embedder.embed(GREYS, "greys", true));
    ImageEmbeddings second = cache.getOrCompute(key, () -> embedder.embed(GREYS, "greys", true));
    assertEquals(2, calls.get(), "the second request is served from the cache file");
    assertArrayEquals(first.pooled().values(), second.pooled().values());
    assertArrayEquals(first.dense().toFloatArray(), second.dense().toFloatArray());
    assertArrayEquals(first.labels(), second.labels());

    EmbeddingCacheKey adapted =
        new EmbeddingCacheKey("ckpt|1|2", "lora.pt|3|4", GREYS.id(), 8, true);
    assertNotEquals(cache.file(key), cache.file(adapted));
    assertEquals(false, cache.load(adapted).isPresent());
  }

  @Test
  void aCacheFileOfAnotherKeyIsRejected() throws Exception {
    EmbeddingCache cache = new EmbeddingCache(dir);
    EmbeddingCacheKey key = new EmbeddingCacheKey("a", "none", "d", 8, false);
    EmbeddingCacheKey other = new EmbeddingCacheKey("b", "none", "d", 8, false);
    cache.store(
        other,
        new ImageEmbedder(ImageEmbedderTest::stride2, 8, 4, QUIET).embed(GREYS, "greys", false));
    java.nio.file.Files.move(cache.file(other), cache.file(key));
    FileFormatException e = assertThrows(FileFormatException.class, () -> cache.load(key));
    assertEquals(true, e.getMessage().contains("delete the file"), e.getMessage());
  }
}

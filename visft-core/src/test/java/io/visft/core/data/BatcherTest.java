package io.visft.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.ViSFTException;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.ImageNormalization;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.transform.BinaryMask;
import io.visft.core.data.transform.Box;
import io.visft.core.data.transform.ImageTransform;
import io.visft.core.data.transform.InstanceTarget;
import io.visft.core.data.transform.RandomHorizontalFlip;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatcherTest {
  private static final long BAD_ID = 104;
  private static final int IMAGES = 10;

  @TempDir static Path dir;
  private static List<ImageEntry> entries;

  /** Ten noisy PNGs of different sizes, each with one rectangle object; image id 104 is a truncated JPEG. */
  @BeforeAll
  static void writeImages() throws IOException {
    entries = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < IMAGES; i++) {
      int h = 20 + 3 * i;
      int w = 30 - 2 * i;
      BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          image.setRGB(x, y, random.nextInt(1 << 24));
        }
      }
      long id = 100 + i;
      Path file;
      if (id == BAD_ID) {
        file = dir.resolve("broken.jpg");
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", jpeg);
        Files.write(file, Arrays.copyOf(jpeg.toByteArray(), jpeg.size() / 2));
      } else {
        file = dir.resolve(id + ".png");
        ImageIO.write(image, "png", file.toFile());
      }
      InstanceTarget object = new InstanceTarget(1 + i % 3, new Box(2, 3, 12, 15), BinaryMask.rectangle(h, w, 3, 2, 15, 12));
      entries.add(new ImageEntry(id, file, w, h, List.of(object)));
    }
  }

  private static BatcherConfig config(BadSamplePolicy policy) {
    return new BatcherConfig(3, 2, 4, 42, true, false, BadSamplePolicy.FAIL, ImageNormalization.imagenet(), 14)
        .withOnBadSample(policy);
  }

  private static List<Batch> take(Batcher batcher, int count) {
    List<Batch> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(batcher.next());
    }
    return out;
  }

  @Test
  void skipPolicyLeavesOutTheBadSampleOncePerEpochAndCountsIt() {
    try (Batcher batcher = new Batcher(entries, (s, r) -> s, config(BadSamplePolicy.SKIP), BatchPosition.START)) {
      List<Long> epoch0 = new ArrayList<>();
      while (batcher.position().epoch() == 0) {
        epoch0.addAll(batcher.next().ids());
      }
      assertEquals(IMAGES - 1, epoch0.size());
      assertEquals(IMAGES - 1, new HashSet<>(epoch0).size());
      assertFalse(epoch0.contains(BAD_ID));
      assertEquals(1, batcher.skippedSamples());
      while (batcher.position().epoch() == 1) {
        batcher.next();
      }
      assertEquals(2, batcher.skippedSamples());
    }
  }

  @Test
  void failPolicyNamesTheFileAndIdThenRefusesToContinue() {
    try (Batcher batcher = new Batcher(entries, (s, r) -> s, config(BadSamplePolicy.FAIL), BatchPosition.START)) {
      FileFormatException e = assertThrows(FileFormatException.class, () -> take(batcher, 4));
      assertTrue(e.getMessage().contains("image id " + BAD_ID) && e.getMessage().contains("broken.jpg")
          && e.getMessage().contains("truncated") && e.getMessage().contains("onBadSample=SKIP"), e.getMessage());
      assertEquals(0, batcher.skippedSamples());
      IllegalStateException after = assertThrows(IllegalStateException.class, batcher::next);
      assertTrue(after.getMessage().contains("position()"), after.getMessage());
    }
  }

  @Test
  void batchesArePaddedToTheLargestImageOnThePatchGrid() {
    BatcherConfig inOrder = new BatcherConfig(3, 1, 3, 42, false, false, BadSamplePolicy.SKIP, ImageNormalization.imagenet(), 14);
    try (Batcher batcher = new Batcher(entries, (s, r) -> s, inOrder, BatchPosition.START)) {
      Batch first = batcher.next();
      assertEquals(List.of(100L, 101L, 102L), first.ids());
      // Sizes (h x w): 20x30, 23x28, 26x26 -> canvas 26x30 -> rounded to 28x42.
      assertArrayEquals(new long[] {3, 3, 28, 42}, first.images().shape());
      assertArrayEquals(new long[] {3, 28, 42}, first.paddingMask().shape());
      RgbImage decoded = ImageDecoder.decode(entries.get(1).file());
      float[] images = first.images().toFloatArray();
      int plane = 28 * 42;
      for (int c = 0; c < 3; c++) {
        float mean = ImageNormalization.imagenet().mean()[c];
        float std = ImageNormalization.imagenet().std()[c];
        assertEquals((decoded.get(c, 22, 27) - mean) / std, images[(3 + c) * plane + 22 * 42 + 27], 1e-6f);
        assertEquals(0f, images[(3 + c) * plane + 23 * 42], "padded row of image 101");
        assertEquals(0f, images[(3 + c) * plane + 28], "padded column of image 101");
      }
      byte[] mask = new byte[3 * plane];
      first.paddingMask().data().duplicate().get(mask);
      assertEquals(0, mask[plane + 22 * 42 + 27]);
      assertEquals(1, mask[plane + 23 * 42]);
      assertEquals(1, mask[plane + 28]);
      assertEquals(28 * 42 - 23 * 28, countOnes(mask, plane, plane));
      HostTensor patches = first.patchPaddingMask(14);
      assertArrayEquals(new long[] {3, 2, 3}, patches.shape());
      InstanceTarget object = first.instances().get(1).get(0);
      assertEquals(new Box(2, 3, 12, 15), object.box());
      assertEquals(28, object.mask().height());
      assertEquals(42, object.mask().width());
      assertEquals(object.box(), object.mask().boundingBox().orElseThrow());
      assertEquals(new BatchPosition(0, 3), first.next());
    }
  }

  private static int countOnes(byte[] bytes, int from, int length) {
    int n = 0;
    for (int i = from; i < from + length; i++) {
      n += bytes[i];
    }
    return n;
  }

  @Test
  void orderAndAugmentationDependOnTheSeedNotOnTheWorkerCount() {
    ImageTransform flip = new RandomHorizontalFlip(0.5);
    List<Batch> oneWorker;
    List<Batch> fourWorkers;
    try (Batcher batcher = new Batcher(entries, flip, config(BadSamplePolicy.SKIP).withWorkers(1), BatchPosition.START)) {
      oneWorker = take(batcher, 8);
    }
    try (Batcher batcher = new Batcher(entries, flip, config(BadSamplePolicy.SKIP).withWorkers(4), BatchPosition.START)) {
      fourWorkers = take(batcher, 8);
    }
    assertEquals(oneWorker, fourWorkers);
    assertNotEquals(oneWorker.get(0).ids(), SampleOrder.permutation(IMAGES, 42, 0, false));
    List<Long> epoch0 = new ArrayList<>();
    List<Long> epoch1 = new ArrayList<>();
    for (Batch b : oneWorker) {
      (b.start().epoch() == 0 ? epoch0 : epoch1).addAll(b.ids());
    }
    assertNotEquals(epoch0, epoch1.subList(0, epoch0.size()), "each epoch is shuffled anew");
  }

  @Test
  void aBatcherOpenedAtASavedPositionContinuesIdentically() {
    ImageTransform flip = new RandomHorizontalFlip(0.5);
    List<Batch> straight;
    try (Batcher batcher = new Batcher(entries, flip, config(BadSamplePolicy.SKIP), BatchPosition.START)) {
      straight = take(batcher, 7);
    }
    for (int k : new int[] {1, 3, 4}) {
      try (Batcher resumed = new Batcher(entries, flip, config(BadSamplePolicy.SKIP), straight.get(k - 1).next())) {
        assertEquals(straight.subList(k, 7), take(resumed, 7 - k), "resuming after batch " + k);
      }
    }
  }

  @Test
  void prefetchBoundsHowFarDecodingRunsAhead() {
    AtomicInteger decoded = new AtomicInteger();
    ImageTransform counting = (s, r) -> {
      decoded.incrementAndGet();
      return s;
    };
    try (Batcher batcher = new Batcher(entries, counting, config(BadSamplePolicy.SKIP), BatchPosition.START)) {
      int consumed = 0;
      for (int i = 0; i < 5; i++) {
        Batch b = batcher.next();
        consumed += b.size();
        // After next() returns, prefetch - 1 = 3 samples are submitted beyond the ones taken.
        assertTrue(decoded.get() <= consumed + 3, decoded.get() + " decoded for " + consumed + " consumed");
      }
    }
  }

  @Test
  void closeStopsTheWorkerThreads() throws InterruptedException {
    Batcher batcher = new Batcher(entries, (s, r) -> s, config(BadSamplePolicy.SKIP).withWorkers(3), BatchPosition.START);
    batcher.next();
    Set<Thread> workers = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("visft-batcher-") && t.isAlive()) {
        workers.add(t);
      }
    }
    assertFalse(workers.isEmpty());
    batcher.close();
    for (Thread t : workers) {
      t.join(10_000);
      assertFalse(t.isAlive(), t.getName() + " survived close()");
    }
    assertThrows(IllegalStateException.class, batcher::next);
    batcher.close();
  }

  @Test
  void aDataSetOfOnlyBadImagesFailsInsteadOfSpinning() {
    List<ImageEntry> bad = List.of(entries.get((int) (BAD_ID - 100)));
    BatcherConfig skip = new BatcherConfig(1, 1, 2, 1, true, false, BadSamplePolicy.SKIP, ImageNormalization.imagenet(), 1);
    try (Batcher batcher = new Batcher(bad, (s, r) -> s, skip, BatchPosition.START)) {
      ViSFTException e = assertThrows(ViSFTException.class, batcher::next);
      assertTrue(e.getMessage().contains("whole pass"), e.getMessage());
    }
  }

  @Test
  void aDeclaredSizeThatDiffersFromTheFileIsABadSample() {
    ImageEntry good = entries.get(0);
    ImageEntry wrong = new ImageEntry(7, good.file(), good.width() + 1, good.height(), List.of());
    BatcherConfig skip = new BatcherConfig(1, 1, 2, 1, false, false, BadSamplePolicy.SKIP, ImageNormalization.imagenet(), 1);
    try (Batcher batcher = new Batcher(List.of(wrong, good), (s, r) -> s, skip, BatchPosition.START)) {
      assertEquals(List.of(good.id()), batcher.next().ids());
      assertEquals(1, batcher.skippedSamples());
    }
  }

  @Test
  void configAndArgumentsAreValidated() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> new BatcherConfig(0, 2, 4, 1, true, true, BadSamplePolicy.FAIL, ImageNormalization.imagenet(), 14));
    assertEquals("BatcherConfig.batchSize = 0: must be positive; use for example 8", e.getMessage());
    IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
        () -> new Batcher(entries.subList(0, 2), (s, r) -> s, BatcherConfig.training(4, 1), BatchPosition.START));
    assertTrue(few.getMessage().contains("dropLast"), few.getMessage());
  }
}

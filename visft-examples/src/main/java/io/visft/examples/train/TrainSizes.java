package io.visft.examples.train;

import io.visft.api.ConfigException;
import io.visft.core.vit.EvaConfig;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Checks the sizes a train config asks for against the backbone and this machine's memory before
 * anything is read or allocated, so that a mistyped size fails naming its field instead of running
 * out of memory or overflowing an index later. The estimates are lower bounds of what a step holds:
 * the pixels of one batch (on the Java heap while the batch is assembled), the attention scores of
 * one block (in ONNX Runtime's native memory) and the adapter's training state (values, gradients
 * and AdamW's two moments, on the Java heap).
 */
final class TrainSizes {
  /** The share of the Java heap one batch of pixels, or the adapter's training state, may take. */
  private static final int HEAP_SHARE = 4;

  private static final long FLOAT_BYTES = Float.BYTES;

  /**
   * Copies of each adapter parameter during training: value, gradient, AdamW's first and second
   * moments.
   */
  private static final long ADAPTER_COPIES = 4;

  /** LoRA sites per block: the q and v slices of the fused qkv. */
  private static final long SITES_PER_BLOCK = 2;

  private TrainSizes() {}

  /**
   * {@link #check(TrainConfig, EvaConfig, long, long)} against this JVM's heap limit and this
   * machine's memory.
   */
  static void check(TrainConfig c, EvaConfig backbone) {
    long physical =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    check(c, backbone, Runtime.getRuntime().maxMemory(), physical);
  }

  /**
   * @param maxHeap the Java heap's limit in bytes ({@code Runtime.maxMemory()})
   * @param physicalMemory the machine's memory in bytes
   * @throws ConfigException naming the field whose value does not fit, the estimate and the limit
   */
  static void check(TrainConfig c, EvaConfig backbone, long maxHeap, long physicalMemory) {
    int size = c.data().imageSize();
    int patch = backbone.patchSize();
    if (size % patch != 0) {
      throw new ConfigException(
          "data.image_size = "
              + size
              + " is not a multiple of the backbone's patch size "
              + patch
              + "; use "
              + Math.max(patch, size / patch * patch)
              + " or "
              + (size / patch + 1) * patch);
    }
    long pixels = product(c.batchSize(), 3, size, size, FLOAT_BYTES);
    if (pixels > maxHeap / HEAP_SHARE) {
      throw new ConfigException(
          "batch_size = "
              + c.batchSize()
              + " and data.image_size = "
              + size
              + " need "
              + bytes(pixels)
              + " for one batch of pixels (batch_size × 3 × image_size² × 4 bytes), more than a quarter of "
              + "the Java heap ("
              + bytes(maxHeap)
              + "); lower batch_size or data.image_size, or raise the heap with -Xmx");
    }
    long tokens = (long) (size / patch) * (size / patch);
    long scores = product(c.batchSize(), backbone.numHeads(), tokens, tokens, FLOAT_BYTES);
    if (scores > physicalMemory) {
      throw new ConfigException(
          "data.image_size = "
              + size
              + " with batch_size = "
              + c.batchSize()
              + " gives "
              + tokens
              + " tokens per image, whose attention scores alone take "
              + bytes(scores)
              + " per block (batch_size × "
              + backbone.numHeads()
              + " heads × tokens² × 4 bytes), more than this machine's memory ("
              + bytes(physicalMemory)
              + "); lower data.image_size or batch_size");
    }
    int r = c.stage2().lora().r();
    int width = backbone.embedDim();
    long adapter =
        product(backbone.depth(), SITES_PER_BLOCK, r, 2L * width, FLOAT_BYTES * ADAPTER_COPIES);
    if (adapter > maxHeap / HEAP_SHARE) {
      throw new ConfigException(
          "stage2.lora.r = "
              + r
              + " needs "
              + bytes(adapter)
              + " for the adapter's training state "
              + "(values, gradients and two AdamW moments), more than a quarter of the Java heap ("
              + bytes(maxHeap)
              + "); lower stage2.lora.r (the paper uses 64) or raise the heap with -Xmx");
    }
  }

  /** The product, or {@link Long#MAX_VALUE} where it overflows (larger than any memory). */
  private static long product(long... factors) {
    long p = 1;
    try {
      for (long f : factors) {
        p = Math.multiplyExact(p, f);
      }
      return p;
    } catch (ArithmeticException overflow) {
      return Long.MAX_VALUE;
    }
  }

  private static String bytes(long n) {
    return n == Long.MAX_VALUE ? "more than 9 EB" : String.format(Locale.ROOT, "%.1f GB", n / 1e9);
  }
}

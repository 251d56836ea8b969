package io.visft.core.train;

import io.visft.api.ViSFTException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Loads batches that are a pure function of their index one step ahead, on a background thread:
 * {@link #get(long)} returns batch {@code i} (prefetched if {@code i} was the one expected) and
 * starts loading {@code i + 1}, so decoding and augmentation overlap the caller's ONNX Runtime
 * work. At most one batch waits besides the one returned. Results do not depend on timing, since
 * each batch depends on its index only. Not thread-safe: one consumer. Close it to stop the thread.
 *
 * @param <B> the batch type
 */
public final class Prefetcher<B> implements AutoCloseable {
  private final LongFunction<B> load;
  private final ExecutorService thread;
  private Future<B> pending;
  private long pendingIndex = -1;

  /**
   * @param name names the background thread (shown in thread dumps and profiles)
   */
  public Prefetcher(String name, LongFunction<B> load) {
    this.load = load;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "visft-prefetch-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /** Batch {@code index}; starts loading {@code index + 1}. */
  public B get(long index) {
    B batch = pending != null && pendingIndex == index ? join(pending) : load.apply(index);
    if (pending != null && pendingIndex != index) {
      pending.cancel(true);
    }
    pendingIndex = index + 1;
    pending = thread.submit(() -> load.apply(index + 1));
    return batch;
  }

  private static <B> B join(Future<B> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ViSFTException("interrupted while waiting for a prefetched batch", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new ViSFTException("loading a batch failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}

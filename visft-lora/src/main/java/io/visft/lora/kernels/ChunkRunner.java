package io.visft.lora.kernels;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs independent chunks of a kernel on a private {@link ForkJoinPool}; with a parallelism of one
 * it runs them on the calling thread. Chunks are contiguous ranges of row panels, several per
 * thread so that uneven panels balance out.
 */
final class ChunkRunner implements AutoCloseable {

  private static final int CHUNKS_PER_THREAD = 4;

  private final int parallelism;
  private final ForkJoinPool pool;
  private final AtomicInteger workersStarted = new AtomicInteger();

  ChunkRunner(int parallelism) {
    checkArgument(parallelism >= 1, "parallelism must be at least 1, got %s", parallelism);
    this.parallelism = parallelism;
    this.pool =
        parallelism == 1 ? null : new ForkJoinPool(parallelism, this::newWorker, null, false);
  }

  int parallelism() {
    return parallelism;
  }

  /** How many chunks to cut {@code panels} panels into. */
  int chunkCount(int panels) {
    return Math.min(panels, parallelism * CHUNKS_PER_THREAD);
  }

  /**
   * First panel of chunk {@code chunk} when {@code panels} panels are cut into {@code chunks}
   * chunks.
   */
  static int firstPanel(int chunk, int chunks, int panels) {
    return (int) ((long) chunk * panels / chunks);
  }

  /** Runs {@code body} for each chunk index in {@code [0, chunks)} and waits for all of them. */
  void run(int chunks, IntConsumer body) {
    if (pool == null || chunks == 1) {
      for (int c = 0; c < chunks; c++) {
        body.accept(c);
      }
    } else {
      pool.invoke(new Range(body, 0, chunks));
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ForkJoinWorkerThread newWorker(ForkJoinPool owner) {
    ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
    thread.setName("visft-lora-cpu-" + workersStarted.getAndIncrement());
    thread.setDaemon(true);
    return thread;
  }

  private static final class Range extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final transient IntConsumer body;
    private final int from;
    private final int to;

    Range(IntConsumer body, int from, int to) {
      this.body = body;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        body.accept(from);
      } else {
        int mid = (from + to) >>> 1;
        invokeAll(new Range(body, from, mid), new Range(body, mid, to));
      }
    }
  }
}

package io.visft.core.data;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.visft.api.FileFormatException;
import io.visft.api.ViSFTException;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import io.visft.core.data.transform.AnnotatedImage;
import io.visft.core.data.transform.ImageTransform;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a list of images into an endless, reproducible stream of padded batches, decoding and
 * augmenting in background threads.
 *
 * <p>Order: epoch {@code e} visits the entries in {@link SampleOrder#permutation} order for
 * {@code (seed, e)}; each sample is augmented with its own generator seeded from
 * {@code (seed, e, entry index)}. Results are consumed in order, so the batches do not depend on
 * the number of workers or on thread timing, and a batcher opened at a {@link BatchPosition} taken
 * from {@link Batch#next()} continues exactly as the original would have. A batch never spans two
 * epochs.
 *
 * <p>Memory: at most {@code prefetch} samples are submitted ahead of the consumer, so at most that
 * many decoded images wait besides the batch being built.
 *
 * <p>Bad samples (unreadable file, corrupt or truncated image, decoded size differing from the
 * declared one) are skipped with a WARN and counted, or are fatal, per
 * {@link BatcherConfig#onBadSample()}. Errors raised by the transform are always fatal.
 *
 * <p>Not thread-safe: one consumer thread calls {@link #next()}. Owns its worker threads: close it.
 */
public final class Batcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final String THREAD_PREFIX = "visft-batcher-";

  private final List<ImageEntry> entries;
  private final ImageTransform transform;
  private final BatcherConfig config;
  private final ExecutorService workers;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private BatchPosition position;
  private BatchPosition submitted;
  private int[] submitOrder;
  private int submitOrderEpoch = -1;
  private long skipped;
  private boolean broken;
  private boolean closed;

  private record Pending(ImageEntry entry, BatchPosition position, Future<AnnotatedImage> result) {}

  /**
   * Opens a batcher and starts its worker threads.
   *
   * @param entries the data set, at least one image
   * @param transform the augmentation applied to every sample (shared across threads; must be stateless)
   * @param config batching settings
   * @param start where to begin: {@link BatchPosition#START} or a position saved from {@link Batch#next()}
   */
  public Batcher(List<ImageEntry> entries, ImageTransform transform, BatcherConfig config, BatchPosition start) {
    this.entries = List.copyOf(entries);
    checkArgument(!this.entries.isEmpty(), "the batcher needs at least one image entry");
    checkArgument(
        start.index() < this.entries.size(),
        "start position index %s is beyond the data set of %s images", start.index(), this.entries.size());
    checkArgument(
        !config.dropLast() || this.entries.size() >= config.batchSize(),
        "with dropLast the data set of %s images never fills a batch of %s; lower batchSize or set dropLast=false",
        this.entries.size(), config.batchSize());
    this.transform = Objects.requireNonNull(transform, "transform");
    this.config = config;
    this.position = start;
    this.submitted = start;
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threadCount = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(config.workers(), runnable -> {
      Thread t = new Thread(runnable, THREAD_PREFIX + instance + "-worker-" + threadCount.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Where the next batch starts; save it with a checkpoint. */
  public BatchPosition position() {
    return position;
  }

  /** How many bad samples were skipped so far (always 0 under {@link BadSamplePolicy#FAIL}). */
  public long skippedSamples() {
    return skipped;
  }

  /**
   * The next batch, waiting for its samples to be decoded.
   *
   * @throws FileFormatException naming the file and id of a corrupt sample under
   *     {@link BadSamplePolicy#FAIL}; the batcher is unusable afterwards
   * @throws ViSFTException for an unreadable file under FAIL, or when a whole pass over the data
   *     set does not yield one batch because too many samples are bad
   */
  public Batch next() {
    checkState(!closed, "this batcher is closed");
    checkState(!broken, "an earlier call failed on a bad sample; fix the data and open a new batcher at position() %s", position);
    BatchPosition start = position;
    List<BatchAssembler.Loaded> samples = new ArrayList<>(config.batchSize());
    int epochsEntered = 0;
    while (samples.size() < config.batchSize()) {
      if (position.epoch() != start.epoch()) {
        if (!samples.isEmpty() && !config.dropLast()) {
          break;
        }
        if (++epochsEntered == 2) {
          broken = true;
          throw new ViSFTException(
              "no batch of " + config.batchSize() + " could be formed in a whole pass over the " + entries.size()
                  + " images: " + skipped + " bad samples skipped so far; check the image files");
        }
        if (!samples.isEmpty()) {
          LOG.debug("dropping the last {} samples of epoch {}", samples.size(), start.epoch());
          samples.clear();
        }
        start = position;
      }
      Pending next = take();
      position = next.position().advance(entries.size());
      try {
        samples.add(new BatchAssembler.Loaded(next.entry(), await(next)));
      } catch (FileFormatException | UncheckedIOException e) {
        handleBadSample(next, e);
      }
    }
    return BatchAssembler.assemble(samples, config, start, position);
  }

  private Pending take() {
    while (pending.size() < config.prefetch()) {
      submitNext();
    }
    return pending.removeFirst();
  }

  private void submitNext() {
    if (submitOrderEpoch != submitted.epoch()) {
      submitOrder = SampleOrder.permutation(entries.size(), config.seed(), submitted.epoch(), config.shuffle());
      submitOrderEpoch = submitted.epoch();
    }
    int entryIndex = submitOrder[submitted.index()];
    ImageEntry entry = entries.get(entryIndex);
    long sampleSeed = Seeds.mix(config.seed(), submitted.epoch(), entryIndex);
    pending.addLast(new Pending(entry, submitted, workers.submit(() -> load(entry, sampleSeed))));
    submitted = submitted.advance(entries.size());
  }

  private AnnotatedImage load(ImageEntry entry, long sampleSeed) {
    RgbImage image = ImageDecoder.decode(entry.file());
    if (image.height() != entry.height() || image.width() != entry.width()) {
      throw new FileFormatException(
          entry.file() + ": decoded image is " + image.height() + "x" + image.width() + " (h x w) but the annotations of id "
              + entry.id() + " declare " + entry.height() + "x" + entry.width()
              + "; the file was replaced or its EXIF orientation disagrees with the annotations");
    }
    return transform.apply(AnnotatedImage.of(image, entry.instances()), new SplittableRandom(sampleSeed));
  }

  private AnnotatedImage await(Pending p) {
    try {
      return p.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ViSFTException("interrupted while waiting for image id " + p.entry().id() + " (" + p.entry().file() + ")", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ViSFTException("loading image id " + p.entry().id() + " (" + p.entry().file() + ") failed: " + cause, cause);
    }
  }

  private void handleBadSample(Pending p, RuntimeException e) {
    String where = "bad sample: image id " + p.entry().id() + ", file " + p.entry().file() + ", at epoch "
        + p.position().epoch() + " index " + p.position().index();
    if (config.onBadSample() == BadSamplePolicy.FAIL) {
      broken = true;
      String message = where + ": " + e.getMessage() + "; or set onBadSample=SKIP to skip such files";
      throw e instanceof FileFormatException ? new FileFormatException(message, e) : new ViSFTException(message, e);
    }
    skipped++;
    LOG.warn("skipping {}: {} ({} skipped so far)", where, e.getMessage(), skipped);
  }

  /** Stops the worker threads, abandoning samples decoded ahead; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending.clear();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("batcher worker threads still running 30 s after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.visft.lora.kernels;

import static com.google.common.base.Preconditions.checkState;

import java.nio.FloatBuffer;

/**
 * {@link LoraKernels} in pure Java: cache-blocked loops that HotSpot vectorises, spread over a
 * private fork-join pool by blocks of rows, with float accumulation.
 *
 * <p>Thread safety: any number of threads may call one instance at once, as long as calls that run
 * at the same time do not write the same arrays; they share the pool. Close the instance only once
 * no call is in flight. Forward and merge results do not depend on the parallelism; backward {@code
 * dA} and {@code dB} sum per-chunk partials in a fixed order, so they are reproducible for a given
 * parallelism.
 */
public final class CpuLoraKernels implements LoraKernels {

  /** Value of {@link #name()}. */
  public static final String NAME = "cpu";

  private final ChunkRunner runner;
  private volatile boolean closed;

  /** Kernels using every available processor. */
  public CpuLoraKernels() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * Kernels using {@code parallelism} threads; with 1, everything runs on the calling thread.
   *
   * @throws IllegalArgumentException if {@code parallelism < 1}
   */
  public CpuLoraKernels(int parallelism) {
    this.runner = new ChunkRunner(parallelism);
  }

  /** The number of threads this instance computes with. */
  public int parallelism() {
    return runner.parallelism();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void deltaForward(
      LoraShape shape, int rows, float[] x, float[] a, float[] b, float scale, float[] y) {
    checkOpen();
    LoraArguments.checkForward(shape, rows, x, a, b, scale, y);
    ForwardPass.run(runner, shape, rows, x, a, b, scale, y);
  }

  @Override
  public void deltaBackward(
      LoraShape shape,
      int rows,
      float[] x,
      float[] a,
      float[] b,
      float scale,
      float[] dY,
      LoraGradients into) {
    checkOpen();
    LoraArguments.checkBackward(shape, rows, x, a, b, scale, dY, into);
    BackwardPass.run(runner, shape, rows, x, a, b, scale, dY, into);
  }

  @Override
  public void merge(LoraShape shape, float[] w, float[] a, float[] b, float scale) {
    checkOpen();
    LoraArguments.checkMerge(shape, w, a, b, scale);
    MergePass.run(runner, shape, new WeightRows.OfArray(w), a, b, scale);
  }

  @Override
  public void merge(LoraShape shape, FloatBuffer w, float[] a, float[] b, float scale) {
    checkOpen();
    LoraArguments.checkMerge(shape, w, a, b, scale);
    MergePass.run(runner, shape, new WeightRows.OfBuffer(w.duplicate(), w.position()), a, b, scale);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      runner.close();
    }
  }

  @Override
  public String toString() {
    return "CpuLoraKernels[parallelism=" + parallelism() + "]";
  }

  private void checkOpen() {
    checkState(!closed, "these CPU LoRA kernels were closed; create a new CpuLoraKernels");
  }
}

package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/** The CPU kernels against the float64 reference on random shapes, odd sizes and several row panels included. */
class CpuLoraKernelsTest {

  private static final CpuLoraKernels KERNELS = new CpuLoraKernels(3);
  private static final CpuLoraKernels SERIAL = new CpuLoraKernels(1);

  @AfterContainer
  static void closeKernels() {
    KERNELS.close();
    SERIAL.close();
  }

  @Property(tries = 150)
  void forwardAddsTheScaledLowRankProduct(
      @ForAll @IntRange(min = 1, max = 150) int rows,
      @ForAll @IntRange(min = 1, max = 40) int in,
      @ForAll @IntRange(min = 1, max = 40) int out,
      @ForAll @IntRange(min = 1, max = 9) int rank,
      @ForAll long seed) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(seed);
    float[] x = random.floats(rows * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float scale = random.scale();
    float[] y0 = random.floats(rows * out);
    float[] y = y0.clone();

    KERNELS.deltaForward(shape, rows, x, a, b, scale, y);

    Tolerance.assertClose("Y", y0, LoraReference.delta(shape, rows, x, a, b, scale), y);
  }

  @Property(tries = 150)
  void backwardMatchesTheGradientFormulas(
      @ForAll @IntRange(min = 1, max = 150) int rows,
      @ForAll @IntRange(min = 1, max = 40) int in,
      @ForAll @IntRange(min = 1, max = 40) int out,
      @ForAll @IntRange(min = 1, max = 9) int rank,
      @ForAll long seed) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(seed);
    float[] x = random.floats(rows * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float scale = random.scale();
    float[] dY = random.floats(rows * out);

    LoraGradients grads = KERNELS.deltaBackward(shape, rows, x, a, b, scale, dY);

    Tolerance.assertClose("dX", null, LoraReference.dX(shape, rows, a, b, scale, dY), grads.dX());
    Tolerance.assertClose("dA", null, LoraReference.dA(shape, rows, x, b, scale, dY), grads.dA());
    Tolerance.assertClose("dB", null, LoraReference.dB(shape, rows, x, a, scale, dY), grads.dB());
  }

  @Property(tries = 60)
  void backwardOverwritesReusedGradients(
      @ForAll @IntRange(min = 1, max = 100) int rows,
      @ForAll @IntRange(min = 1, max = 20) int in,
      @ForAll @IntRange(min = 1, max = 20) int out,
      @ForAll @IntRange(min = 1, max = 6) int rank,
      @ForAll long seed) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(seed);
    float[] x = random.floats(rows * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float[] dY = random.floats(rows * out);
    LoraGradients fresh = KERNELS.deltaBackward(shape, rows, x, a, b, 0.25f, dY);
    LoraGradients reused = new LoraGradients(
        random.floats(rows * in), random.floats(rank * in), random.floats(out * rank));

    KERNELS.deltaBackward(shape, rows, x, a, b, 0.25f, dY, reused);

    assertArrayEquals(fresh.dX(), reused.dX());
    assertArrayEquals(fresh.dA(), reused.dA());
    assertArrayEquals(fresh.dB(), reused.dB());
  }

  @Property(tries = 80)
  void mergeAddsTheScaledProductAcrossColumnTiles(
      @ForAll @IntRange(min = 1, max = 140) int out,
      @ForAll @IntRange(min = 1, max = 1200) int in,
      @ForAll @IntRange(min = 1, max = 9) int rank,
      @ForAll long seed) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(seed);
    float[] w0 = random.floats(out * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float scale = random.scale();
    float[] w = w0.clone();

    KERNELS.merge(shape, w, a, b, scale);

    Tolerance.assertClose("W", w0, LoraReference.mergedDelta(shape, a, b, scale), w);
  }

  @Property(tries = 80)
  void unmergeRestoresTheWeight(
      @ForAll @IntRange(min = 1, max = 140) int out,
      @ForAll @IntRange(min = 1, max = 700) int in,
      @ForAll @IntRange(min = 1, max = 9) int rank,
      @ForAll long seed) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(seed);
    float[] w0 = random.floats(out * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float scale = random.scale();
    float[] w = w0.clone();

    KERNELS.merge(shape, w, a, b, scale);
    KERNELS.unmerge(shape, w, a, b, scale);

    LoraReference.Result delta = LoraReference.mergedDelta(shape, a, b, scale);
    Tolerance.assertClose("W after unmerge", w0, new LoraReference.Result(new double[w.length], delta.magnitude()), w);
  }

  @Property(tries = 40)
  void mergeIntoAnyBufferEqualsMergeIntoAnArray(
      @ForAll @IntRange(min = 1, max = 90) int out,
      @ForAll @IntRange(min = 1, max = 600) int in,
      @ForAll @IntRange(min = 1, max = 9) int rank,
      @ForAll @IntRange(min = 0, max = 17) int lead,
      @ForAll long seed) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(seed);
    float[] w0 = random.floats(out * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float scale = random.scale();
    float[] expected = w0.clone();
    KERNELS.merge(shape, expected, a, b, scale);

    for (FloatBuffer storage : buffers(lead + w0.length + 5)) {
      FloatBuffer w = storage.put(lead, w0).slice(lead, w0.length);

      KERNELS.merge(shape, w, a, b, scale);

      float[] merged = new float[w0.length];
      w.get(0, merged);
      assertArrayEquals(expected, merged, storage.getClass().getSimpleName() + " " + storage.order());
    }
  }

  @Property(tries = 40)
  void forwardAndMergeDoNotDependOnParallelism(
      @ForAll @IntRange(min = 1, max = 300) int rows,
      @ForAll @IntRange(min = 1, max = 30) int in,
      @ForAll @IntRange(min = 1, max = 30) int out,
      @ForAll @IntRange(min = 1, max = 9) int rank,
      @ForAll long seed) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(seed);
    float[] x = random.floats(rows * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float[] y0 = random.floats(rows * out);
    float[] yParallel = y0.clone();
    float[] ySerial = y0.clone();
    float[] wParallel = random.floats(out * in);
    float[] wSerial = wParallel.clone();

    KERNELS.deltaForward(shape, rows, x, a, b, 0.5f, yParallel);
    SERIAL.deltaForward(shape, rows, x, a, b, 0.5f, ySerial);
    KERNELS.merge(shape, wParallel, a, b, 0.5f);
    SERIAL.merge(shape, wSerial, a, b, 0.5f);

    assertArrayEquals(ySerial, yParallel);
    assertArrayEquals(wSerial, wParallel);
  }

  private static FloatBuffer[] buffers(int length) {
    return new FloatBuffer[] {
      FloatBuffer.allocate(length),
      ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer(),
      ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.BIG_ENDIAN).asFloatBuffer(),
    };
  }
}

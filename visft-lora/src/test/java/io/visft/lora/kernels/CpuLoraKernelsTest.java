package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The CPU kernels against the float64 reference on random shapes, odd sizes and several row panels
 * included.
 */
class CpuLoraKernelsTest {

  private static final CpuLoraKernels KERNELS = new CpuLoraKernels(3);
  private static final CpuLoraKernels SERIAL = new CpuLoraKernels(1);

  @AfterAll
  static void closeKernels() {
    KERNELS.close();
    SERIAL.close();
  }

  /** A LoRA delta of {@code rank} from {@code in} to {@code out} features on {@code rows} rows. */
  record Case(int rows, int in, int out, int rank, long seed) {}

  /**
   * A case with {@code rows}, {@code in}, {@code out} and {@code rank} each in {@code [1, max]}.
   */
  private static Gen<Case> cases(int maxRows, int maxIn, int maxOut, int maxRank) {
    return integers()
        .between(1, maxRows)
        .zip(
            integers().between(1, maxIn),
            integers().between(1, maxOut),
            integers().between(1, maxRank),
            longs().all(),
            Case::new);
  }

  @Test
  void forwardAddsTheScaledLowRankProduct() {
    qt().withExamples(150)
        .forAll(cases(150, 40, 40, 9))
        .checkAssert(
            c -> {
              int rows = c.rows();
              int in = c.in();
              int out = c.out();
              int rank = c.rank();
              LoraShape shape = new LoraShape(in, out, rank);
              RandomMatrices random = new RandomMatrices(c.seed());
              float[] x = random.floats(rows * in);
              float[] a = random.floats(rank * in);
              float[] b = random.floats(out * rank);
              float scale = random.scale();
              float[] y0 = random.floats(rows * out);
              float[] y = y0.clone();

              KERNELS.deltaForward(shape, rows, x, a, b, scale, y);

              Tolerance.assertClose("Y", y0, LoraReference.delta(shape, rows, x, a, b, scale), y);
            });
  }

  @Test
  void backwardMatchesTheGradientFormulas() {
    qt().withExamples(150)
        .forAll(cases(150, 40, 40, 9))
        .checkAssert(
            c -> {
              int rows = c.rows();
              int in = c.in();
              int out = c.out();
              int rank = c.rank();
              LoraShape shape = new LoraShape(in, out, rank);
              RandomMatrices random = new RandomMatrices(c.seed());
              float[] x = random.floats(rows * in);
              float[] a = random.floats(rank * in);
              float[] b = random.floats(out * rank);
              float scale = random.scale();
              float[] dY = random.floats(rows * out);

              LoraGradients grads = KERNELS.deltaBackward(shape, rows, x, a, b, scale, dY);

              Tolerance.assertClose(
                  "dX", null, LoraReference.dX(shape, rows, a, b, scale, dY), grads.dX());
              Tolerance.assertClose(
                  "dA", null, LoraReference.dA(shape, rows, x, b, scale, dY), grads.dA());
              Tolerance.assertClose(
                  "dB", null, LoraReference.dB(shape, rows, x, a, scale, dY), grads.dB());
            });
  }

  @Test
  void backwardOverwritesReusedGradients() {
    qt().withExamples(60)
        .forAll(cases(100, 20, 20, 6))
        .checkAssert(
            c -> {
              int rows = c.rows();
              int in = c.in();
              int out = c.out();
              int rank = c.rank();
              LoraShape shape = new LoraShape(in, out, rank);
              RandomMatrices random = new RandomMatrices(c.seed());
              float[] x = random.floats(rows * in);
              float[] a = random.floats(rank * in);
              float[] b = random.floats(out * rank);
              float[] dY = random.floats(rows * out);
              LoraGradients fresh = KERNELS.deltaBackward(shape, rows, x, a, b, 0.25f, dY);
              LoraGradients reused =
                  new LoraGradients(
                      random.floats(rows * in),
                      random.floats(rank * in),
                      random.floats(out * rank));

              KERNELS.deltaBackward(shape, rows, x, a, b, 0.25f, dY, reused);

              assertArrayEquals(fresh.dX(), reused.dX());
              assertArrayEquals(fresh.dA(), reused.dA());
              assertArrayEquals(fresh.dB(), reused.dB());
            });
  }

  @Test
  void mergeAddsTheScaledProductAcrossColumnTiles() {
    qt().withExamples(80)
        .forAll(
            integers().between(1, 140),
            integers().between(1, 1200),
            integers().between(1, 9),
            longs().all())
        .checkAssert(
            (out, in, rank, seed) -> {
              LoraShape shape = new LoraShape(in, out, rank);
              RandomMatrices random = new RandomMatrices(seed);
              float[] w0 = random.floats(out * in);
              float[] a = random.floats(rank * in);
              float[] b = random.floats(out * rank);
              float scale = random.scale();
              float[] w = w0.clone();

              KERNELS.merge(shape, w, a, b, scale);

              Tolerance.assertClose("W", w0, LoraReference.mergedDelta(shape, a, b, scale), w);
            });
  }

  @Test
  void unmergeRestoresTheWeight() {
    qt().withExamples(80)
        .forAll(
            integers().between(1, 140),
            integers().between(1, 700),
            integers().between(1, 9),
            longs().all())
        .checkAssert(
            (out, in, rank, seed) -> {
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
              Tolerance.assertClose(
                  "W after unmerge",
                  w0,
                  new LoraReference.Result(new double[w.length], delta.magnitude()),
                  w);
            });
  }

  /** A merge of a {@code out × in} weight at offset {@code lead} of its buffer. */
  record BufferCase(int out, int in, int rank, int lead, long seed) {}

  @Test
  void mergeIntoAnyBufferEqualsMergeIntoAnArray() {
    qt().withExamples(40)
        .forAll(
            integers()
                .between(1, 90)
                .zip(
                    integers().between(1, 600),
                    integers().between(1, 9),
                    integers().between(0, 17),
                    longs().all(),
                    BufferCase::new))
        .checkAssert(
            c -> {
              int out = c.out();
              int in = c.in();
              int rank = c.rank();
              int lead = c.lead();
              LoraShape shape = new LoraShape(in, out, rank);
              RandomMatrices random = new RandomMatrices(c.seed());
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
                assertArrayEquals(
                    expected, merged, storage.getClass().getSimpleName() + " " + storage.order());
              }
            });
  }

  @Test
  void forwardAndMergeDoNotDependOnParallelism() {
    qt().withExamples(40)
        .forAll(cases(300, 30, 30, 9))
        .checkAssert(
            c -> {
              int rows = c.rows();
              int in = c.in();
              int out = c.out();
              int rank = c.rank();
              LoraShape shape = new LoraShape(in, out, rank);
              RandomMatrices random = new RandomMatrices(c.seed());
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
            });
  }

  private static FloatBuffer[] buffers(int length) {
    return new FloatBuffer[] {
      FloatBuffer.allocate(length),
      ByteBuffer.allocateDirect(length * Float.BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer(),
      ByteBuffer.allocateDirect(length * Float.BYTES).order(ByteOrder.BIG_ENDIAN).asFloatBuffer(),
    };
  }
}

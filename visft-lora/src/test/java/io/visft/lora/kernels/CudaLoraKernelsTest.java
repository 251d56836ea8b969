package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cuBLAS kernels against the CPU kernels, on machines where CUDA can run; skipped elsewhere
 * with the loader's reason.
 */
class CudaLoraKernelsTest {

  private static CudaLoraKernels cuda;
  private static CpuLoraKernels cpu;

  @BeforeAll
  static void openKernels() {
    if (CudaLoraKernels.availability().available()) {
      cuda = CudaLoraKernels.create();
      cpu = new CpuLoraKernels();
    }
  }

  @BeforeEach
  void requireCuda() {
    BackendAvailability availability = CudaLoraKernels.availability();
    assumeTrue(availability.available(), "CUDA kernels cannot run here: " + availability.detail());
  }

  @AfterAll
  static void closeKernels() {
    if (cuda != null) {
      cuda.close();
      cpu.close();
    }
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(1, 1, 1, 1),
        Arguments.of(7, 13, 5, 3),
        Arguments.of(197, 384, 384, 8),
        Arguments.of(130, 88, 264, 64),
        Arguments.of(65, 1408, 96, 64));
  }

  @ParameterizedTest(name = "rows={0} in={1} out={2} rank={3}")
  @MethodSource("shapes")
  void forwardMatchesTheCpu(int rows, int in, int out, int rank) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(rows * 31L + in);
    float[] x = random.floats(rows * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float[] y0 = random.floats(rows * out);
    float[] onGpu = y0.clone();
    float[] onCpu = y0.clone();

    cuda.deltaForward(shape, rows, x, a, b, 0.375f, onGpu);
    cpu.deltaForward(shape, rows, x, a, b, 0.375f, onCpu);

    Tolerance.assertNear(
        "Y", onCpu, onGpu, LoraReference.delta(shape, rows, x, a, b, 0.375f).magnitude(), y0);
  }

  @ParameterizedTest(name = "rows={0} in={1} out={2} rank={3}")
  @MethodSource("shapes")
  void backwardMatchesTheCpu(int rows, int in, int out, int rank) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(rows * 17L + out);
    float[] x = random.floats(rows * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float[] dY = random.floats(rows * out);

    LoraGradients onGpu = cuda.deltaBackward(shape, rows, x, a, b, -1.5f, dY);
    LoraGradients onCpu = cpu.deltaBackward(shape, rows, x, a, b, -1.5f, dY);

    Tolerance.assertNear(
        "dX",
        onCpu.dX(),
        onGpu.dX(),
        LoraReference.dX(shape, rows, a, b, -1.5f, dY).magnitude(),
        null);
    Tolerance.assertNear(
        "dA",
        onCpu.dA(),
        onGpu.dA(),
        LoraReference.dA(shape, rows, x, b, -1.5f, dY).magnitude(),
        null);
    Tolerance.assertNear(
        "dB",
        onCpu.dB(),
        onGpu.dB(),
        LoraReference.dB(shape, rows, x, a, -1.5f, dY).magnitude(),
        null);
  }

  @ParameterizedTest(name = "rows={0} in={1} out={2} rank={3}")
  @MethodSource("shapes")
  void mergeIntoArraysAndDirectBuffersMatchesTheCpu(int rows, int in, int out, int rank) {
    LoraShape shape = new LoraShape(in, out, rank);
    RandomMatrices random = new RandomMatrices(rows * 7L + rank);
    float[] w0 = random.floats(out * in);
    float[] a = random.floats(rank * in);
    float[] b = random.floats(out * rank);
    float[] onCpu = w0.clone();
    cpu.merge(shape, onCpu, a, b, 0.25f);
    double[] magnitude = LoraReference.mergedDelta(shape, a, b, 0.25f).magnitude();

    float[] onGpu = w0.clone();
    cuda.merge(shape, onGpu, a, b, 0.25f);
    Tolerance.assertNear("W (array)", onCpu, onGpu, magnitude, w0);

    FloatBuffer direct =
        ByteBuffer.allocateDirect((w0.length + 3) * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    FloatBuffer w = direct.put(3, w0).slice(3, w0.length);
    cuda.merge(shape, w, a, b, 0.25f);
    float[] fromBuffer = new float[w0.length];
    w.get(0, fromBuffer);
    Tolerance.assertNear("W (direct buffer)", onCpu, fromBuffer, magnitude, w0);

    cuda.unmerge(shape, w, a, b, 0.25f);
    w.get(0, fromBuffer);
    Tolerance.assertNear("W after unmerge", w0, fromBuffer, magnitude, w0);
  }
}

package io.visft.benchmarks;

import io.visft.lora.kernels.LoraGradients;
import io.visft.lora.kernels.LoraKernels;
import io.visft.lora.kernels.LoraKernelsProvider;
import io.visft.lora.kernels.LoraShape;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the {@link LoraKernels} backends at the sizes ViSFT runs them.
 *
 * <ul>
 *   <li>ViT-S/16 LoRA step: {@code X [8 * 197, 384]}, {@code in = out = 384}, rank 8 (forward,
 *       backward, and merging into a {@code [384, 384]} weight);
 *   <li>EVA-ViT-G fused qkv merge: {@code W [4224, 1408]}, rank 64.
 * </ul>
 *
 * <p>Scores are in GFLOP/s: each benchmark declares its floating-point operation count (two per
 * multiply-add) as operations per invocation, and JMH reports operations per nanosecond. The
 * backend is a parameter: the default runs the CPU kernels; on a machine with an NVIDIA GPU add
 * CUDA with {@code -p backend=cpu,cuda}. CUDA timings include the host-device copies each call
 * makes. Run with {@code java -jar benchmarks/target/benchmarks.jar LoraKernelsBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LoraKernelsBenchmark {

  static final int VIT_ROWS = 8 * 197;
  static final int VIT_WIDTH = 384;
  static final int VIT_RANK = 8;
  static final int EVA_QKV_ROWS = 3 * 1408;
  static final int EVA_WIDTH = 1408;
  static final int EVA_RANK = 64;

  /** The kernels under test, chosen by name through {@link LoraKernelsProvider}. */
  @State(Scope.Benchmark)
  public static class Backend {
    @Param({"cpu"})
    public String backend;

    LoraKernels kernels;

    @Setup(Level.Trial)
    public void open() {
      kernels = LoraKernelsProvider.select(backend);
    }

    @TearDown(Level.Trial)
    public void close() {
      kernels.close();
    }
  }

  /** Operands of one ViT-S/16 LoRA layer on a batch of 8 images. */
  @State(Scope.Benchmark)
  public static class VitSmall {
    final LoraShape shape = new LoraShape(VIT_WIDTH, VIT_WIDTH, VIT_RANK);
    float[] x;
    float[] a;
    float[] b;
    float[] y;
    float[] dY;
    float[] w;
    LoraGradients gradients;

    @Setup(Level.Trial)
    public void fill() {
      SplittableRandom random = new SplittableRandom(1);
      x = uniform(random, shape.inputLength(VIT_ROWS), 1f);
      a = uniform(random, shape.aLength(), 0.05f);
      b = uniform(random, shape.bLength(), 0.05f);
      y = uniform(random, shape.outputLength(VIT_ROWS), 1f);
      dY = uniform(random, shape.outputLength(VIT_ROWS), 1f);
      w = uniform(random, shape.weightLength(), 0.05f);
      gradients = LoraGradients.allocate(shape, VIT_ROWS);
    }
  }

  /** Operands of the LoRA merge into one EVA-ViT-G fused qkv weight. */
  @State(Scope.Benchmark)
  public static class EvaGiantQkv {
    final LoraShape shape = new LoraShape(EVA_WIDTH, EVA_QKV_ROWS, EVA_RANK);
    float[] w;
    float[] a;
    float[] b;

    @Setup(Level.Trial)
    public void fill() {
      SplittableRandom random = new SplittableRandom(2);
      w = uniform(random, shape.weightLength(), 0.05f);
      a = uniform(random, shape.aLength(), 0.05f);
      b = uniform(random, shape.bLength(), 0.05f);
    }
  }

  /** {@code Y += s (X A^T) B^T}. */
  @Benchmark
  @OperationsPerInvocation(2 * VIT_ROWS * VIT_RANK * (VIT_WIDTH + VIT_WIDTH))
  public float[] vitSmallDeltaForward(Backend backend, VitSmall s) {
    backend.kernels.deltaForward(s.shape, VIT_ROWS, s.x, s.a, s.b, 1f / VIT_RANK, s.y);
    return s.y;
  }

  /** {@code dX}, {@code dA}, {@code dB} into reused arrays. */
  @Benchmark
  @OperationsPerInvocation(2 * VIT_ROWS * VIT_RANK * (3 * VIT_WIDTH + 2 * VIT_WIDTH))
  public LoraGradients vitSmallDeltaBackward(Backend backend, VitSmall s) {
    backend.kernels.deltaBackward(
        s.shape, VIT_ROWS, s.x, s.a, s.b, 1f / VIT_RANK, s.dY, s.gradients);
    return s.gradients;
  }

  /** {@code W [384, 384] += s B A}. */
  @Benchmark
  @OperationsPerInvocation(2 * VIT_WIDTH * VIT_WIDTH * VIT_RANK)
  public float[] vitSmallMerge(Backend backend, VitSmall s) {
    backend.kernels.merge(s.shape, s.w, s.a, s.b, 1f / VIT_RANK);
    return s.w;
  }

  /** {@code W [4224, 1408] += s B A} at rank 64. */
  @Benchmark
  @OperationsPerInvocation(2 * EVA_QKV_ROWS * EVA_WIDTH * EVA_RANK)
  public float[] evaGiantQkvMerge(Backend backend, EvaGiantQkv s) {
    backend.kernels.merge(s.shape, s.w, s.a, s.b, 1f / EVA_RANK);
    return s.w;
  }

  private static float[] uniform(SplittableRandom random, int length, float bound) {
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    return out;
  }
}

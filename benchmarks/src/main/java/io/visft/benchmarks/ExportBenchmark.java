package io.visft.benchmarks;

import io.visft.api.HostTensor;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.onnx.ExportOps;
import io.visft.core.runtime.OnnxFileSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaConfig;
import io.visft.lora.MergedExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The deployment file timed as a user runs it: the backbone of {@link BackboneBenchmark} (same
 * random weights and input) written by {@link MergedExport#save} in fp32 or int8 to a temporary
 * file (standard ONNX ops, or with {@code -p ops=onnx_runtime} ONNX Runtime's fused kernels),
 * opened as a plain ONNX Runtime session over that file ({@link OnnxFileSession}, with the other
 * benchmarks' {@code RuntimeOptions.cpu()}: one intra-op thread per core, no spinning) and run at
 * batch 8, 224×224 (each run copies the input in and the features out, 7 MB, as a caller does).
 * Images/s = 8000 / (ms per op).
 *
 * <p>With {@code compare=true} an int8 trial first runs the fp32 export on the same input, closes
 * it, and prints the int8 features' cosine and relative L2 error against it; leave it {@code false}
 * when recording peak memory, which would otherwise include the fp32 session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(1)
public class ExportBenchmark {
  @Param({"vit_s16", "vit_b16"})
  public String size;

  /** How the exported file holds the merged block linears: {@code fp32} or {@code int8}. */
  @Param({"fp32", "int8"})
  public String frozenWeights;

  /**
   * The operators the file may use ({@code ExportOps}): {@code standard} ONNX, or {@code
   * onnx_runtime} with ONNX Runtime's fused kernels; the fp32 reference of {@code compare} uses the
   * same.
   */
  @Param({"standard"})
  public String ops;

  /** Whether an int8 trial prints its features' agreement with the fp32 export at setup. */
  @Param({"true"})
  public boolean compare;

  /**
   * A file written beforehand by {@link #main} to time instead of writing one in this process, so
   * that the process's peak memory is the session's alone; empty (the default) writes the file at
   * setup. With a file, {@code compare} is ignored.
   */
  @Param({""})
  public String file;

  private Path dir;
  private OnnxFileSession session;
  private Map<String, HostTensor> pixels;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    pixels =
        Map.of(
            "pixel_values",
            BenchmarkWeights.random(
                new SplittableRandom(2), 1, BackboneBenchmark.BATCH, 3, 224, 224));
    if (!file.isEmpty()) {
      session = open(Path.of(file));
      return;
    }
    EvaConfig cfg = BackboneBenchmark.config(size);
    Map<String, HostTensor> weights = BenchmarkWeights.backbone(cfg, 1);
    FrozenWeights.Precision precision =
        FrozenWeights.Precision.parse(frozenWeights, "frozenWeights");
    dir = Files.createTempDirectory("visft-export-bench");
    float[] reference = null;
    if (compare && precision != FrozenWeights.Precision.FP32) {
      try (OnnxFileSession fp32 = open(save(cfg, weights, FrozenWeights.Precision.FP32))) {
        reference = fp32.run(pixels).get("features").toFloatArray();
      }
    }
    session = open(save(cfg, weights, precision));
    if (reference != null) {
      float[] got = session.run(pixels).get("features").toFloatArray();
      System.out.printf(
          "%n%s %s export vs fp32 export: features cosine %.6f, relative L2 error %.5f%n",
          size,
          frozenWeights,
          Int8Accuracy.cosine(reference, got, null),
          Agreement.relative(got, reference));
    }
  }

  @Benchmark
  public HostTensor forward() {
    return session.run(pixels).get("features");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    session.close();
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  private Path save(EvaConfig cfg, Map<String, HostTensor> weights, FrozenWeights.Precision p) {
    Path out = dir.resolve("backbone-" + p.configName() + ".onnx");
    MergedExport.save(cfg, weights, null, 224, 224, out, p, ExportOps.parse(ops, "ops"));
    return out;
  }

  /**
   * Writes the benchmark's backbone as a file for {@code -p file=…}: {@code java -cp …
   * io.visft.benchmarks.ExportBenchmark SIZE FROZEN_WEIGHTS OPS FILE}, e.g. {@code vit_s16 int8
   * onnx_runtime /tmp/int8.onnx} (and {@code FILE.data} beside it).
   */
  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println(
          "usage: ExportBenchmark SIZE (vit_s16|vit_b16) FROZEN_WEIGHTS (fp32|int8) OPS"
              + " (standard|onnx_runtime) FILE");
      System.exit(2);
    }
    EvaConfig cfg = BackboneBenchmark.config(args[0]);
    MergedExport.save(
        cfg,
        BenchmarkWeights.backbone(cfg, 1),
        null,
        224,
        224,
        Path.of(args[3]),
        FrozenWeights.Precision.parse(args[1], "FROZEN_WEIGHTS"),
        ExportOps.parse(args[2], "OPS"));
  }

  private static OnnxFileSession open(Path file) {
    return OnnxFileSession.open(file, RuntimeOptions.cpu());
  }
}

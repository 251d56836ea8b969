package io.visft.benchmarks;

import io.visft.api.DType;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.LinearLayer;
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
 * Backbone inference: batch 8 at 224×224 through an EVA-style (pre-norm) backbone of ViT-S/16 or
 * ViT-B/16 size. Images/s = 8000 / (ms per op). PyTorch's side: benchmarks/pytorch/bench_torch.py.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(1)
public class BackboneBenchmark {
  static final int BATCH = 8;

  @Param({"vit_s16", "vit_b16"})
  public String size;

  /**
   * How the block linears are held: {@code fp32}, or {@code int8} (quantized once, integer
   * products; the graph an int8 {@code MergedExport} file runs once ONNX Runtime has fused its
   * standard ops).
   */
  @Param({"fp32"})
  public String frozenWeights;

  /** ONNX Runtime's idle worker threads spin between ops (its own default) or sleep (ours). */
  @Param({"false"})
  public boolean spin;

  private GraphSession session;

  static EvaConfig config(String size) {
    return switch (size) {
      case "vit_s16" -> new EvaConfig(384, 12, 6, 1536, 16, 14, false, 1e-6, true);
      case "vit_b16" -> new EvaConfig(768, 12, 12, 3072, 16, 14, false, 1e-6, true);
      default ->
          throw new IllegalArgumentException(
              "unknown size " + size + ", expected vit_s16 or vit_b16");
    };
  }

  @Setup(Level.Trial)
  public void setUp() {
    EvaConfig cfg = config(size);
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, BATCH, 3, 224, 224);
    FrozenWeights.Precision precision =
        FrozenWeights.Precision.parse(frozenWeights, "frozenWeights");
    Value f =
        EvaBackbone.build(
            g,
            cfg,
            EvaBackbone.frozenWeights(BenchmarkWeights.backbone(cfg, 1), precision),
            px,
            LinearLayer.PLAIN);
    session =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("features", f), Map.of()),
            RuntimeOptions.cpu().withFrozenWeights(precision).withSpinWait(spin));
    session.setInput(
        "pixel_values",
        BenchmarkWeights.randomArray(new SplittableRandom(2), BATCH * 3 * 224 * 224, 1));
  }

  @Benchmark
  public float forward() {
    session.run();
    return session.output("features").get(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
  }
}

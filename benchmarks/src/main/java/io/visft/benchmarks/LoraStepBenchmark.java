package io.visft.benchmarks;

import io.visft.api.DType;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
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
 * A LoRA training step on a ViT-S/16-sized EVA backbone: LoRA r = 8 on q and v of every block,
 * batch 8 at 224×224, loss = mean of the features, forward + backward (gradients for the LoRA
 * matrices only) + AdamW. Images/s = 8000 / (ms per op). PyTorch's side:
 * benchmarks/pytorch/bench_torch.py ({@code lora_step}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(1)
public class LoraStepBenchmark {
  static final int BATCH = 8;

  /**
   * How the backbone's linears are held: {@code fp32}, or {@code int8} (quantized once, integer
   * products).
   */
  @Param({"fp32"})
  public String frozenWeights;

  /** ONNX Runtime's idle worker threads spin between ops (its own default) or sleep (ours). */
  @Param({"false"})
  public boolean spin;

  private TrainingSession session;
  private Parameters params;
  private AdamW optimizer;

  @Setup(Level.Trial)
  public void setUp() {
    EvaConfig cfg = BackboneBenchmark.config("vit_s16");
    Lora lora =
        Lora.create(
            "bench",
            LoraConfig.visft().withRank(8).withAlpha(8),
            EvaWeightNames.linearModules(cfg),
            1);
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixel_values", DType.F32, BATCH, 3, 224, 224);
    LoraLinearLayer linear = new LoraLinearLayer(lora, null);
    FrozenWeights.Precision precision =
        FrozenWeights.Precision.parse(frozenWeights, "frozenWeights");
    Value f =
        EvaBackbone.build(
            g,
            cfg,
            EvaBackbone.frozenWeights(BenchmarkWeights.backbone(cfg, 1), precision),
            px,
            linear);
    Value loss = o.reduceMean(f, false, 0, 1, 2, 3);
    params = lora.trainableParameters();
    session =
        TrainingSession.create(
            loss,
            linear.trainableInputs(),
            Map.of(),
            RuntimeOptions.cpu().withFrozenWeights(precision).withSpinWait(spin));
    session.step(
        params,
        Map.of(
            "pixel_values",
            io.visft.api.HostTensor.ofFloats(
                BenchmarkWeights.randomArray(new SplittableRandom(2), BATCH * 3 * 224 * 224, 1),
                BATCH,
                3,
                224,
                224)));
    optimizer = new AdamW(params, AdamWConfig.visft());
  }

  @Benchmark
  public double step() {
    double loss = session.step(params, Map.of());
    optimizer.step(session.gradients(), 1e-4);
    return loss;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
  }
}

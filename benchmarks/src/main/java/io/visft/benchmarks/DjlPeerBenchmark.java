package io.visft.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.visft.api.HostTensor;
import io.visft.core.train.AdamWConfig;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The Java peer: the same models as {@link BackboneBenchmark} and {@link LoraStepBenchmark}, from
 * the same random weights, in DJL's NDArray API on its PyTorch 2.x engine (libtorch's CPU natives
 * from the Maven jar, {@code ai.djl.offline=true}, 2 intra-op threads). {@code forward}: batch 8 at
 * 224×224; {@code loraStep}: ViT-S/16, LoRA r 8 on q and v, loss = mean of the features, backward,
 * AdamW.
 *
 * <p>Before timing, the trial compares the peer with this library on its own weights and pixels
 * ({@link DjlParity}: features, and for {@code loraStep} the LoRA gradients) and fails when they
 * differ by more than 1e-4 relative. The peak resident memory ({@code VmHWM}) is then reset, so the
 * one tear-down prints is the peer's own (allocator caches the check left behind included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 4, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Dai.djl.offline=true",
      "-Dai.djl.pytorch.num_threads=2",
      "-Dai.djl.pytorch.num_interop_threads=1"
    })
public class DjlPeerBenchmark {
  static final int BATCH = 8;
  static final double TOLERANCE = 1e-4;

  @Param({"vit_s16", "vit_b16"})
  public String size;

  private NDManager manager;
  private DjlVit model;
  private NDArray pixels;
  private Optimizer optimizer;

  /**
   * Checks the peer against this library at batch 1 (with LoRA gradients for {@link #loraStep}),
   * then builds the timed model: with LoRA (r 8, alpha 8, initialised as {@link
   * LoraStepBenchmark}'s) and AdamW for {@link #loraStep}, without for {@link #forward}.
   */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException {
    setUp(params.getBenchmark().endsWith("loraStep"));
  }

  /** The same set-up outside JMH ({@link PeerInterleave}): {@code lora} for {@link #loraStep}. */
  void setUp(boolean lora) throws IOException {
    EvaConfig cfg = BackboneBenchmark.config(size);
    DjlParity.Result parity = DjlParity.compare(cfg, 1, 8, lora);
    System.out.printf(
        "%nparity vs this library (batch 1): features %.2e, LoRA gradients %.2e over %d tensors%n",
        parity.features(), parity.gradients(), parity.gradientTensors());
    if (!parity.within(TOLERANCE)) {
      throw new IllegalStateException("DJL peer differs from this library: " + parity);
    }
    Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    manager = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
    Map<String, HostTensor> loraTensors = Map.of();
    float scaling = 1;
    if (lora) {
      Lora adapter =
          Lora.create(
              "bench",
              LoraConfig.visft().withRank(8).withAlpha(8),
              EvaWeightNames.linearModules(cfg),
              1);
      loraTensors = adapter.tensors();
      scaling = (float) adapter.scaling();
      AdamWConfig a = AdamWConfig.visft();
      optimizer =
          Optimizer.adamW()
              .optLearningRateTracker(Tracker.fixed(1e-4f))
              .optBeta1((float) a.beta1())
              .optBeta2((float) a.beta2())
              .optEpsilon((float) a.eps())
              .optWeightDecays((float) a.weightDecay())
              .build();
    }
    model = new DjlVit(manager, cfg, BenchmarkWeights.backbone(cfg, 1), loraTensors, scaling);
    pixels =
        manager.create(
            BenchmarkWeights.randomArray(new SplittableRandom(2), BATCH * 3 * 224 * 224, 1),
            new Shape(BATCH, 3, 224, 224));
  }

  @Benchmark
  public float forward() {
    try (NDManager step = manager.newSubManager()) {
      NDArray in = pixels.duplicate();
      in.attach(step);
      return model.features(in).getFloat(0, 0, 0, 0);
    }
  }

  /** A LoRA step; run with {@code -p size=vit_s16} (the setting). */
  @Benchmark
  public float loraStep() {
    float loss;
    try (NDManager step = manager.newSubManager()) {
      NDArray in = pixels.duplicate();
      in.attach(step);
      try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
        NDArray l = model.features(in).mean();
        gc.backward(l);
        loss = l.getFloat();
      }
      for (Map.Entry<String, NDArray> e : model.loraArrays().entrySet()) {
        NDArray grad = e.getValue().getGradient();
        grad.attach(step);
        optimizer.update(e.getKey(), e.getValue(), grad);
      }
    }
    return loss;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    model.close();
    manager.close();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        System.out.println("\nDJL peer " + size + " peak RSS " + line.replaceAll("\\s+", " "));
      }
    }
  }
}

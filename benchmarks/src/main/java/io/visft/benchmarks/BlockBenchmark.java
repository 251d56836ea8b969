package io.visft.benchmarks;

import io.visft.api.DType;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaBlock;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ViT-S/16-shaped EVA block (B = 8, 197 tokens, D = 384, 6 heads, MLP 1536, pre-norm) with LoRA
 * r = 8 on q and v: forward only, and forward + backward with gradients for the LoRA matrices only
 * (the frozen weights take none). Compare with {@link MatMulBenchmark}.
 *
 * <p>FLOPs: forward ≈ 6.05 GFLOP (5.58 in the linear layers, 0.48 in attention); forward + backward
 * ≈ 12.1 GFLOP (the backward pass needs input gradients through every layer but no weight gradients
 * besides LoRA's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlockBenchmark {
  static final int BATCH = 8;
  static final int TOKENS = 197;
  static final int DIM = 384;
  static final int HEADS = 6;
  static final int MLP = 1536;

  private GraphSession forward;
  private GraphSession training;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(7);
    Map<String, long[]> modules = new LinkedHashMap<>();
    modules.put("blocks.0.attn.qkv", new long[] {3 * DIM, DIM});
    Lora lora = Lora.create("bench", LoraConfig.visft().withRank(8), modules, 1);
    for (var site : lora.sites().values()) {
      float[] b = lora.b(site);
      System.arraycopy(BenchmarkWeights.randomArray(rnd, b.length, 0.01), 0, b, 0, b.length);
    }
    forward = GraphSession.create(build(lora, rnd, false), RuntimeOptions.cpu());
    training = GraphSession.create(build(lora, rnd, true), RuntimeOptions.cpu());
    for (GraphSession s : List.of(forward, training)) {
      s.setInput("x", BenchmarkWeights.randomArray(rnd, BATCH * TOKENS * DIM, 1));
      lora.tensors().forEach(s::setInput);
    }
    training.setInput("cotangent", BenchmarkWeights.randomArray(rnd, BATCH * TOKENS * DIM, 1));
  }

  private static io.visft.core.onnx.OnnxModel build(
      Lora lora, SplittableRandom rnd, boolean withGradients) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, BATCH, TOKENS, DIM);
    Map<String, Value> params = new LinkedHashMap<>();
    String p = "blocks.0.";
    params.put("norm1.weight", g.weight(p + "norm1.weight", BenchmarkWeights.random(rnd, 1, DIM)));
    params.put("norm1.bias", g.weight(p + "norm1.bias", BenchmarkWeights.random(rnd, 0.1, DIM)));
    params.put("norm2.weight", g.weight(p + "norm2.weight", BenchmarkWeights.random(rnd, 1, DIM)));
    params.put("norm2.bias", g.weight(p + "norm2.bias", BenchmarkWeights.random(rnd, 0.1, DIM)));
    params.put(
        "attn.qkv.weight",
        g.weight(p + "attn.qkv.weight", BenchmarkWeights.random(rnd, 0.05, 3 * DIM, DIM)));
    params.put("attn.q_bias", g.weight(p + "attn.q_bias", BenchmarkWeights.random(rnd, 0.1, DIM)));
    params.put("attn.v_bias", g.weight(p + "attn.v_bias", BenchmarkWeights.random(rnd, 0.1, DIM)));
    params.put(
        "attn.proj.weight",
        g.weight(p + "attn.proj.weight", BenchmarkWeights.random(rnd, 0.05, DIM, DIM)));
    params.put(
        "attn.proj.bias", g.weight(p + "attn.proj.bias", BenchmarkWeights.random(rnd, 0.1, DIM)));
    params.put(
        "mlp.fc1.weight",
        g.weight(p + "mlp.fc1.weight", BenchmarkWeights.random(rnd, 0.05, MLP, DIM)));
    params.put(
        "mlp.fc1.bias", g.weight(p + "mlp.fc1.bias", BenchmarkWeights.random(rnd, 0.1, MLP)));
    params.put(
        "mlp.fc2.weight",
        g.weight(p + "mlp.fc2.weight", BenchmarkWeights.random(rnd, 0.05, DIM, MLP)));
    params.put(
        "mlp.fc2.bias", g.weight(p + "mlp.fc2.bias", BenchmarkWeights.random(rnd, 0.1, DIM)));
    LoraLinearLayer linear = new LoraLinearLayer(lora, null);
    Value y =
        new EvaBlock("blocks.0", DIM, HEADS, MLP, false, 1e-6f).apply(o, x, params::get, linear);
    Map<String, Value> outputs = new LinkedHashMap<>();
    if (!withGradients) {
      outputs.put("y", y);
    } else {
      Value ct = g.input("cotangent", DType.F32, BATCH, TOKENS, DIM);
      Value loss = o.reduceSum(o.mul(y, ct), false);
      List<Value> wrt = new ArrayList<>(linear.trainableInputs().values());
      Map<Value, Value> grads = Autodiff.gradients(loss, wrt);
      outputs.put("loss", loss);
      linear.trainableInputs().forEach((name, v) -> outputs.put("grad/" + name, grads.get(v)));
    }
    return OnnxExporter.export(g, outputs, Map.of());
  }

  @Benchmark
  public float forward() {
    forward.run();
    return forward.output("y").get(0);
  }

  @Benchmark
  public float forwardBackwardLora() {
    training.run();
    return training.output("loss").get(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    forward.close();
    training.close();
  }
}

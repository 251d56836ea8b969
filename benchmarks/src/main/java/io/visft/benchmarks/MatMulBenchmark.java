package io.visft.benchmarks;

import io.visft.api.DType;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
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
 * The yardstick for {@link BlockBenchmark}: one plain ONNX Runtime MatMul of the size of a ViT-S
 * MLP layer, {@code [1576, 384] x [384, 1536]} = 1.859 GFLOP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatMulBenchmark {
  private GraphSession session;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(3);
    Graph g = new Graph();
    Value x = g.input("x", DType.F32, 1576, 384);
    Value w = g.weight("w", BenchmarkWeights.random(rnd, 0.05, 384, 1536));
    session =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("y", new Ops(g).matmul(x, w)), Map.of()),
            RuntimeOptions.cpu());
    session.setInput("x", BenchmarkWeights.randomArray(rnd, 1576 * 384, 1));
  }

  @Benchmark
  public float matmul() {
    session.run();
    return session.output("y").get(0);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
  }
}

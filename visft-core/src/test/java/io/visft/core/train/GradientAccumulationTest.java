package io.visft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradient accumulation in {@link Trainer}: {@code k} micro-batches of {@code b} rows make the same
 * update as one batch of {@code k·b} rows, and {@code k = 1} is the plain loop bit for bit.
 */
class GradientAccumulationTest {
  private static final int ROWS = 24;
  private static final long STEPS = 6;

  /** Float rounding of the two summation orders (one mean over k·b rows, or k means averaged). */
  private static final float TOLERANCE = 1e-6f;

  /**
   * Least squares {@code y ≈ x·wᵀ + c} on consecutive {@code batch}-row slices of 24 fixed rows.
   */
  static final class SliceTask extends SessionTask {
    private final int batch;
    private final float[] x = new float[ROWS * 3];
    private final float[] y = new float[ROWS * 2];

    SliceTask(String name, int batch, long seed) {
      super(name, session(batch));
      this.batch = batch;
      Random r = new Random(seed);
      for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < 3; j++) {
          x[i * 3 + j] = (float) r.nextGaussian();
        }
        y[i * 2] = x[i * 3] - 2 * x[i * 3 + 1] + 0.5f;
        y[i * 2 + 1] = 0.5f * x[i * 3 + 2] + (float) r.nextGaussian() * 0.1f;
      }
    }

    private static TrainingSession session(int batch) {
      Graph g = new Graph();
      Ops o = new Ops(g);
      Value xs = g.input("x", DType.F32, batch, 3);
      Value ys = g.input("y", DType.F32, batch, 2);
      Value w = g.input("w", DType.F32, 2, 3);
      Value c = g.input("c", DType.F32, 2);
      Value diff = o.sub(o.gemm(xs, w, c, 1f, 1f, false, true), ys);
      Map<String, Value> trainable = new LinkedHashMap<>();
      trainable.put("w", w);
      trainable.put("c", c);
      return TrainingSession.create(
          o.reduceMean(o.mul(diff, diff), false, 0, 1), trainable, Map.of(), RuntimeOptions.cpu());
    }

    @Override
    protected double step(
        TrainingSession session, Parameters parameters, long index, long globalStep) {
      int first = (int) (index * batch % ROWS);
      return session.step(
          parameters,
          Map.of(
              "x",
              HostTensor.ofFloats(Arrays.copyOfRange(x, first * 3, (first + batch) * 3), batch, 3),
              "y",
              HostTensor.ofFloats(
                  Arrays.copyOfRange(y, first * 2, (first + batch) * 2), batch, 2)));
    }
  }

  private static Parameters start() {
    return new Parameters()
        .add("w", new float[] {0.1f, -0.2f, 0.3f, 0.05f, 0f, -0.1f}, 2, 3)
        .add("c", new float[] {0.2f, -0.3f}, 2);
  }

  private record Run(
      Parameters parameters, double[] losses, List<Double> rates, List<Double> norms) {}

  private static Run train(int batch, int accumulateSteps, double clipNorm) {
    Parameters p = start();
    LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(0.05, 2, STEPS);
    TrainerConfig cfg =
        new TrainerConfig(
            STEPS, schedule, clipNorm, 0, null, Map.of("fit", 1.0), 3, accumulateSteps);
    List<Double> rates = new ArrayList<>();
    List<Double> norms = new ArrayList<>();
    try (SliceTask task = new SliceTask("fit", batch, 9)) {
      Trainer t = new Trainer(cfg, p, new AdamW(p, AdamWConfig.visft()), List.of(task));
      t.addListener(
          m -> {
            rates.add(m.learningRate());
            norms.add(m.gradientNorm());
          });
      double[] losses = t.run();
      return new Run(p, losses, rates, norms);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4})
  void kMicroBatchesOfBRowsUpdateAsOneBatchOfKTimesBRows(int k) {
    for (double clip : new double[] {Double.POSITIVE_INFINITY, 0.5}) {
      Run micro = train(2, k, clip);
      Run whole = train(2 * k, 1, clip);
      for (String name : List.of("w", "c")) {
        float[] a = micro.parameters().get(name);
        float[] b = whole.parameters().get(name);
        for (int i = 0; i < a.length; i++) {
          assertEquals(
              b[i], a[i], TOLERANCE, "k = " + k + ", clip " + clip + ": " + name + "[" + i + "]");
        }
      }
      for (int s = 0; s < STEPS; s++) {
        assertEquals(
            whole.losses()[s], micro.losses()[s], 1e-6 * whole.losses()[s], "loss of step " + s);
        assertEquals(
            whole.norms().get(s),
            micro.norms().get(s),
            1e-6 * whole.norms().get(s),
            "gradient norm of step " + s);
      }
    }
  }

  @Test
  void theScheduleAndTheStepsCountOptimizerSteps() {
    Run micro = train(2, 3, Double.POSITIVE_INFINITY);
    LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(0.05, 2, STEPS);
    List<Double> expected = new ArrayList<>();
    for (long s = 0; s < STEPS; s++) {
      expected.add(schedule.at(s));
    }
    assertEquals(expected, micro.rates());
    assertEquals(STEPS, micro.losses().length);
  }

  @Test
  void oneAccumulationStepIsThePlainLoopBitForBit() {
    Run trained = train(4, 1, 0.5);
    Parameters p = start();
    LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(0.05, 2, STEPS);
    AdamW adamW = new AdamW(p, AdamWConfig.visft());
    double[] losses = new double[(int) STEPS];
    try (SliceTask task = new SliceTask("fit", 4, 9)) {
      for (int s = 0; s < STEPS; s++) {
        losses[s] = task.step(p, s);
        GradientClipping.clipGlobalNorm(task.gradients(), 0.5);
        adamW.step(task.gradients(), schedule.at(s));
      }
    }
    assertArrayEquals(losses, trained.losses());
    assertArrayEquals(p.get("w"), trained.parameters().get("w"));
    assertArrayEquals(p.get("c"), trained.parameters().get("c"));
  }
}

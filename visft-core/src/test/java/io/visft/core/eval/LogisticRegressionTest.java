package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.JsonFixtures;
import org.junit.jupiter.api.Test;

/** The engine-trained probe against PyTorch AdamW (tools/fixtures/probe_fixture.py). */
class LogisticRegressionTest {
  private static final JsonNode FIX = JsonFixtures.load("/fixtures/probe/probe.json");

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  @Test
  void trainedWeightsLossAndAccuracyMatchPyTorch() {
    int dim = FIX.get("dim").asInt();
    int classes = FIX.get("classes").asInt();
    int[] y = ints(FIX.get("y"));
    int[] yTest = ints(FIX.get("y_test"));
    FeatureMatrix x = new FeatureMatrix(y.length, dim, JsonFixtures.floats(FIX.get("x")));
    FeatureMatrix xTest =
        new FeatureMatrix(yTest.length, dim, JsonFixtures.floats(FIX.get("x_test")));
    LinearProbeConfig config =
        new LinearProbeConfig(
            FIX.get("steps").asInt(),
            FIX.get("learning_rate").asDouble(),
            FIX.get("weight_decay").asDouble());
    try (LogisticRegression regression =
        new LogisticRegression(y.length, dim, classes, config, RuntimeOptions.cpu())) {
      LinearClassifier model = regression.fit(x, y);
      assertArrayEquals(JsonFixtures.floats(FIX.get("weight")), model.weight(), 1e-4f);
      assertArrayEquals(JsonFixtures.floats(FIX.get("bias")), model.bias(), 1e-4f);
      assertEquals(FIX.get("loss").asDouble(), model.crossEntropy(x, y), 1e-5);
      assertEquals(FIX.get("train_accuracy").asDouble(), Accuracy.of(model.predict(x), y), 1e-12);
      assertEquals(
          FIX.get("test_accuracy").asDouble(), Accuracy.of(model.predict(xTest), yTest), 1e-12);

      LinearClassifier again = regression.fit(x, y);
      assertArrayEquals(model.weight(), again.weight(), "a second fit restarts from zero weights");
    }
  }

  @Test
  void blocksOfRowsSumToTheFullBatchGradient() {
    int dim = FIX.get("dim").asInt();
    int classes = FIX.get("classes").asInt();
    int[] y = ints(FIX.get("y"));
    FeatureMatrix x = new FeatureMatrix(y.length, dim, JsonFixtures.floats(FIX.get("x")));
    LinearProbeConfig whole =
        new LinearProbeConfig(
            FIX.get("steps").asInt(),
            FIX.get("learning_rate").asDouble(),
            FIX.get("weight_decay").asDouble());
    LinearProbeConfig blocks =
        new LinearProbeConfig(whole.steps(), whole.learningRate(), whole.weightDecay(), 7);
    assertTrue(
        y.length > 7 && y.length % 7 != 0,
        "the fixture should give full blocks and a shorter last one");
    LinearClassifier a;
    LinearClassifier b;
    try (LogisticRegression one =
            new LogisticRegression(y.length, dim, classes, whole, RuntimeOptions.cpu());
        LogisticRegression many =
            new LogisticRegression(y.length, dim, classes, blocks, RuntimeOptions.cpu())) {
      a = one.fit(x, y);
      b = many.fit(x, y);
    }
    assertArrayEquals(a.weight(), b.weight(), 1e-5f);
    assertArrayEquals(a.bias(), b.bias(), 1e-5f);
    assertArrayEquals(JsonFixtures.floats(FIX.get("weight")), b.weight(), 1e-4f);
  }

  @Test
  void untrainedLossIsLogOfClassCount() {
    FeatureMatrix x = new FeatureMatrix(2, 2, new float[] {1, 0, 0, 1});
    LinearClassifier zero = new LinearClassifier(3, 2, new float[6], new float[3]);
    assertEquals(Math.log(3), zero.crossEntropy(x, new int[] {0, 2}), 1e-12);
  }
}

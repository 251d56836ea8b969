package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.SinePositionEncoding;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.train.Parameters;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.matching.Assignment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The detection head against the PyTorch reference of {@code
 * tools/fixtures/detection_head_fixture.py} (torch.nn.MultiheadAttention, post-norm DETR layers,
 * task token, sine positions; dropout 0): the position encoding, logits, probabilities and boxes of
 * both decoder layers, the set loss and its last-layer parts for given matches, and the gradients
 * of the loss with respect to the features and to every one of the head's parameters; then the
 * whole step (forward, Hungarian matching in Java, loss) against the reference's brute-force
 * optimal matching.
 */
class DetectionHeadParityTest {
  private static final double RELATIVE = 1e-4;

  /** Absolute floor for float32 rounding of tensors whose exact values are (close to) zero. */
  private static final double ABSOLUTE_FLOOR = 1e-6;

  @Test
  void forwardLossAndGradientsMatchPyTorch() {
    try (DetectionFixture f = new DetectionFixture()) {
      DetectionHead head = f.head();
      Graph g = new Graph();
      Value features = g.input("features", DType.F32, f.features().shape());
      Value mask = g.input("padding_mask", DType.BOOL, f.paddingMask().shape());
      DetectionTrainingGraph training =
          DetectionTrainingGraph.build(
              g, head, features, mask, null, f.maxTargets(), HeadParameterMode.TRAINABLE_INPUTS);
      Value position =
          SinePositionEncoding.encode(new Ops(g), mask, head.config().positionFeaturesPerAxis());
      List<Value> wrt = new ArrayList<>();
      wrt.add(features);
      wrt.addAll(training.parameterInputs().values());
      Map<Value, Value> grads = Autodiff.gradients(training.loss(), wrt);

      Map<String, Value> outputs = new LinkedHashMap<>();
      outputs.put("position", position);
      outputs.put("logits", training.predictions().logits());
      outputs.put("probabilities", training.predictions().probabilities());
      outputs.put("boxes", training.predictions().boxes());
      outputs.put("loss", training.loss());
      training.metrics().forEach(outputs::put);
      outputs.put("grad.features", grads.get(features));
      training.parameterInputs().forEach((name, v) -> outputs.put("grad." + name, grads.get(v)));

      Map<String, HostTensor> feeds = new LinkedHashMap<>(head.parameters());
      feeds.put("features", f.features());
      feeds.put("padding_mask", f.paddingMask());
      feeds.putAll(
          MatchedTargets.of(
                  head.config(),
                  f.targets(),
                  f.assignments(f.inputs, "given_matches"),
                  f.maxTargets())
              .inputs());
      Map<String, HostTensor> got = Evaluate.run(g, outputs, feeds);

      assertEquals(
          9 + DetectionParameters.of(head.config()).size(), outputs.size(), "outputs compared");
      for (String name : outputs.keySet()) {
        assertClose(name, f.expected.tensor(name).toFloatArray(), got.get(name).toFloatArray());
      }
      assertTrue(
          Evaluate.maxAbs(f.expected.tensor("grad.features").toFloatArray()) > 1e-3,
          "the fixture's feature gradient should not be negligible");
    }
  }

  @Test
  void aTrainingStepMatchesLikeTheReferenceAndGivesItsLoss() {
    try (DetectionFixture f = new DetectionFixture()) {
      DetectionHead head = f.head();
      Parameters parameters = new Parameters();
      head.parameters().forEach(parameters::add);
      Map<String, HostTensor> batch =
          Map.of("features", f.features(), "padding_mask", f.paddingMask());
      try (DetectionTrainingStep step =
          DetectionTrainingStep.create(
              head,
              HeadParameterMode.TRAINABLE_INPUTS,
              f.maxTargets(),
              g ->
                  new DetectionTrainingStep.DetectionInputs(
                      g.input("features", DType.F32, f.features().shape()),
                      g.input("padding_mask", DType.BOOL, f.paddingMask().shape()),
                      null,
                      Map.of()),
              RuntimeOptions.cpu())) {
        double loss = step.step(parameters, batch, f.targets());
        List<List<Assignment>> optimal = f.assignments(f.expected, "optimal_matches");
        for (int l = 0; l < optimal.size(); l++) {
          for (int b = 0; b < optimal.get(l).size(); b++) {
            assertEquals(
                optimal.get(l).get(b).matches(),
                step.lastMatch().assignment(l, b).matches(),
                "layer " + l + ", image " + b);
          }
        }
        assertClose(
            "loss with the optimal matching",
            f.expected.tensor("optimal_loss").toFloatArray(),
            new float[] {(float) loss});
        assertEquals(
            head.parameters().keySet(), step.gradients().keySet(), "a gradient per head parameter");
      }
    }
  }

  static void assertClose(String name, float[] expected, float[] actual) {
    double diff = Evaluate.maxAbsDiff(actual, expected);
    double tolerance = RELATIVE * Evaluate.maxAbs(expected) + ABSOLUTE_FLOOR;
    assertTrue(
        diff <= tolerance, name + ": max |diff| " + diff + " > " + tolerance + " (1e-4 relative)");
  }
}

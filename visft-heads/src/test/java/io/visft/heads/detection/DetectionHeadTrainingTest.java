package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.data.geometry.BoxOps;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.Parameters;
import io.visft.heads.HeadParameterMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Stage-1 training end to end: a tiny head overfits four synthetic feature maps (one padded) with
 * one or two boxes each through {@link DetectionTrainingStep} (forward, Java matching, forward and
 * backward) and AdamW; the loss falls below a threshold fixed before the run, and the decoded top
 * detections of a frozen evaluation graph find every target box with its class at IoU > 0.5.
 */
class DetectionHeadTrainingTest {
  static final DetectionHeadConfig TINY =
      new DetectionHeadConfig(8, 16, 32, 2, 2, 2, 64, 8, 4, 0, 4, 0, DetectionLossConfig.detr());
  private static final int BATCH = 4;
  private static final int SIDE = 4;
  private static final int IMAGE_PIXELS = 64;
  private static final int MAX_TARGETS = 2;
  private static final int STEPS = 300;

  /** Loss summed over both decoder layers; chosen before the run (the untrained loss is ~10). */
  private static final double LOSS_THRESHOLD = 1.0;

  @Test
  void overfitsAHandfulOfFeatureMaps() {
    Random r = new Random(11);
    float[] features = new float[BATCH * TINY.featureDim() * SIDE * SIDE];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) r.nextGaussian();
    }
    HostTensor mask = paddingMask(BATCH, SIDE, 3);
    List<ImageTargets> targets = new ArrayList<>();
    for (int b = 0; b < BATCH; b++) {
      int count = 1 + b % MAX_TARGETS;
      int[] labels = new int[count];
      double[][] boxes = new double[count][];
      for (int i = 0; i < count; i++) {
        labels[i] = r.nextInt(TINY.numClasses());
        double x0 = 4 + r.nextInt(24);
        double y0 = 4 + r.nextInt(24);
        boxes[i] = new double[] {x0, y0, x0 + 12 + r.nextInt(24), y0 + 12 + r.nextInt(24)};
      }
      targets.add(
          ImageTargets.fromPixelXyxy(
              new ImageSize(IMAGE_PIXELS, IMAGE_PIXELS), labels, boxes, OutsideImagePolicy.REJECT));
    }
    HostTensor featureTensor = HostTensor.ofFloats(features, BATCH, TINY.featureDim(), SIDE, SIDE);
    Map<String, HostTensor> batch = Map.of("features", featureTensor, "padding_mask", mask);

    DetectionHead head = DetectionHead.initialize(TINY, 3);
    Parameters parameters = new Parameters();
    head.parameters().forEach(parameters::add);
    AdamW optimizer = new AdamW(parameters, AdamWConfig.visft());
    double first;
    double last;
    try (DetectionTrainingStep step =
        DetectionTrainingStep.create(
            head,
            HeadParameterMode.TRAINABLE_INPUTS,
            MAX_TARGETS,
            g ->
                new DetectionTrainingStep.DetectionInputs(
                    g.input("features", DType.F32, featureTensor.shape()),
                    g.input("padding_mask", DType.BOOL, mask.shape()),
                    null,
                    Map.of()),
            RuntimeOptions.cpu())) {
      first = step.step(parameters, batch, targets);
      optimizer.step(step.gradients(), 1e-3);
      last = first;
      for (int i = 1; i < STEPS; i++) {
        last = step.step(parameters, batch, targets);
        optimizer.step(step.gradients(), 1e-3);
      }
    }
    assertTrue(first > 3, "the untrained loss should be high, was " + first);
    assertTrue(
        last < LOSS_THRESHOLD,
        "loss after " + STEPS + " steps should be below " + LOSS_THRESHOLD + ", was " + last);

    head.load(parameters.toTensors());
    List<List<Detection>> detections = evaluate(head, featureTensor, mask);
    for (int b = 0; b < BATCH; b++) {
      ImageTargets t = targets.get(b);
      List<Detection> top = detections.get(b).subList(0, t.count());
      double[][] truth = BoxOps.cxcywhToXyxy(t.boxes());
      for (int i = 0; i < t.count(); i++) {
        double[] pixels = {
          truth[i][0] * IMAGE_PIXELS, truth[i][1] * IMAGE_PIXELS,
          truth[i][2] * IMAGE_PIXELS, truth[i][3] * IMAGE_PIXELS
        };
        int label = t.label(i);
        boolean found =
            top.stream()
                .anyMatch(
                    d ->
                        d.label() == label
                            && BoxOps.pairwiseIou(
                                    new double[][] {d.box().xyxy()}, new double[][] {pixels})[0][0]
                                > 0.5);
        assertTrue(
            found,
            "image "
                + b
                + ", box "
                + i
                + " (class "
                + label
                + ") not among the top detections "
                + top);
      }
    }
  }

  /** Predictions of a frozen head without dropout, decoded at the nominal image size. */
  private static List<List<Detection>> evaluate(
      DetectionHead head, HostTensor features, HostTensor mask) {
    Graph g = new Graph();
    Value f = g.input("features", DType.F32, features.shape());
    Value m = g.input("padding_mask", DType.BOOL, mask.shape());
    DetectionPredictions p =
        DetectionPredictions.build(g, head, f, m, null, HeadParameterMode.FROZEN_WEIGHTS);
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put(DetectionPredictions.PROBABILITIES, p.probabilities());
    outputs.put(DetectionPredictions.BOXES, p.boxes());
    Map<String, HostTensor> out =
        Evaluate.run(g, outputs, Map.of("features", features, "padding_mask", mask));
    List<ImageSize> sizes = new ArrayList<>();
    for (int b = 0; b < features.shape()[0]; b++) {
      sizes.add(new ImageSize(IMAGE_PIXELS, IMAGE_PIXELS));
    }
    return DetectionDecoder.decode(
        out.get(DetectionPredictions.PROBABILITIES),
        out.get(DetectionPredictions.BOXES),
        sizes,
        head.config().numQueries());
  }

  /**
   * BOOL {@code [batch, side, side]}: the last image is padded outside its top-left {@code valid²}.
   */
  static HostTensor paddingMask(int batch, int side, int valid) {
    ByteBuffer m = ByteBuffer.allocate(batch * side * side);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        boolean padded = y >= valid || x >= valid;
        m.put(((batch - 1) * side + y) * side + x, (byte) (padded ? 1 : 0));
      }
    }
    return new HostTensor(DType.BOOL, new long[] {batch, side, side}, m);
  }
}

package io.visft.heads.detection;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.heads.matching.Assignment;
import io.visft.heads.matching.HungarianMatcher;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Step 2 of a detection training step: the Hungarian matching of every decoder layer's predictions
 * to each image's targets, as DETR's {@code HungarianMatcher} does for the final and each auxiliary
 * output, with the cost of {@link DetectionLossConfig#matchCost()}. Stateless and thread-safe.
 */
public final class DetectionMatcher {

  private DetectionMatcher() {}

  /**
   * @param probabilities F32 {@code [L, B, Q, numClasses + 1]}, softmax of the class logits (the
   *     {@link DetectionPredictions#PROBABILITIES} output)
   * @param boxes F32 {@code [L, B, Q, 4]}, normalised {@code (cx, cy, w, h)} (the {@link
   *     DetectionPredictions#BOXES} output)
   * @param targets one entry per image, {@code B} in all
   * @param maxTargets target slots per image of the training graph
   * @throws ShapeException if the tensors do not have the shapes above
   * @throws IllegalArgumentException if there is not one {@link ImageTargets} per image, or naming
   *     an image whose targets do not fit (see {@link MatchedTargets#of})
   * @throws io.visft.api.NumericException if a prediction is NaN or infinite
   */
  public static MatchedTargets match(
      DetectionHeadConfig config,
      HostTensor probabilities,
      HostTensor boxes,
      List<ImageTargets> targets,
      int maxTargets) {
    int layers = config.decoderLayers();
    long[] shape = probabilities.shape();
    int batch = targets.size();
    checkArgument(
        shape.length != 4 || shape[1] == batch,
        "%s ImageTargets for a batch of %s images; give one per image, in batch order",
        batch,
        shape.length == 4 ? shape[1] : 0);
    int queries = config.numQueries();
    int slots = config.classSlots();
    requireShape("probabilities", probabilities, layers, batch, queries, slots);
    requireShape("boxes", boxes, layers, batch, queries, 4);
    MatchedTargets.checkTargets(config, targets, maxTargets);
    FloatBuffer probs = probabilities.floatView();
    FloatBuffer box = boxes.floatView();
    List<List<Assignment>> assignments = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      List<Assignment> layer = new ArrayList<>();
      for (int b = 0; b < batch; b++) {
        int offset = (l * batch + b) * queries;
        ImageTargets t = targets.get(b);
        double[][] cost =
            config
                .loss()
                .matchCost()
                .cost(
                    rows(probs, offset, queries, slots),
                    rows(box, offset, queries, 4),
                    t.labels(),
                    t.boxes());
        layer.add(HungarianMatcher.match(cost));
      }
      assignments.add(layer);
    }
    return MatchedTargets.of(config, targets, assignments, maxTargets);
  }

  /** {@code count} rows of {@code width} floats starting at row {@code firstRow}. */
  private static double[][] rows(FloatBuffer data, int firstRow, int count, int width) {
    double[][] out = new double[count][width];
    for (int q = 0; q < count; q++) {
      for (int k = 0; k < width; k++) {
        out[q][k] = data.get((firstRow + q) * width + k);
      }
    }
    return out;
  }

  private static void requireShape(String what, HostTensor t, long... shape) {
    if (!Arrays.equals(t.shape(), shape)) {
      throw new ShapeException(
          String.format(
              "%s must be F32 %s ([layers, batch, queries, ...] for %s images), got %s",
              what, Arrays.toString(shape), shape[1], t));
    }
  }
}

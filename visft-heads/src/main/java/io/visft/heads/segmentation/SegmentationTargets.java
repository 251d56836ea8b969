package io.visft.heads.segmentation;

import com.google.common.base.Preconditions;
import io.visft.api.HostTensor;
import io.visft.core.data.Seeds;
import io.visft.heads.matching.Assignment;
import io.visft.heads.matching.HungarianMatcher;
import io.visft.heads.matching.Match;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Computes the values of {@link SegmentationLossInputs} from a forward run, as Mask2Former's
 * criterion does without gradients: for every prediction set and image, a Hungarian matching on
 * {@code matchPoints} uniformly random points shared by predictions and targets, then, for every
 * matched pair, importance-sampled points on the predicted mask and the target values there. The
 * (set, image) pairs run in parallel, each with its own generator seeded from the call's draw, so
 * results do not depend on thread timing. Not thread-safe (it owns a random source).
 */
public final class SegmentationTargets {

  private final SegmentationHeadConfig head;
  private final SegmentationLossConfig config;
  private final long seed;
  private final Random random;

  public SegmentationTargets(
      SegmentationHeadConfig head, SegmentationLossConfig config, long seed) {
    this.head = head;
    this.config = config;
    this.seed = seed;
    this.random = new Random(seed);
  }

  /**
   * The matching points of every prediction set and image, drawn before the forward run, and the
   * ground-truth values there (the inputs of {@link MaskCostGraph}).
   *
   * @param points F32 {@code [S, B, N, 2]}, (x, y) in [0, 1]
   * @param targets F32 {@code [S, B, T, N]} with {@code T = maxInstances} (0 for unused slots)
   * @param seed seeds the importance sampling after the matching
   */
  public record MatchPoints(HostTensor points, HostTensor targets, long seed) {}

  /**
   * Draws the matching points from a generator seeded by {@code (seed, step)} alone, so that a run
   * resumed at {@code step} draws what the uninterrupted run drew.
   */
  public MatchPoints matchPoints(List<List<InstanceMask>> instances, long step) {
    random.setSeed(Seeds.mix(seed, step));
    return matchPoints(instances);
  }

  /** Draws the matching points from this object's running generator. */
  public MatchPoints matchPoints(List<List<InstanceMask>> instances) {
    int sets = head.predictionSets();
    int batch = instances.size();
    int n = config.matchPoints();
    int slots = config.maxInstances();
    checkInstances(instances);
    long callSeed = random.nextLong();
    float[] points = new float[sets * batch * n * 2];
    float[] targets = new float[sets * batch * slots * n];
    List<List<float[]>> targetMasks =
        instances.stream()
            .map(image -> image.stream().map(InstanceMask::asFloats).toList())
            .toList();
    IntStream.range(0, sets * batch)
        .parallel()
        .forEach(
            unit -> {
              double[] pts =
                  PointSampler.uniform(n, new SplittableRandom(Seeds.mix(callSeed, unit)));
              for (int i = 0; i < 2 * n; i++) {
                points[unit * 2 * n + i] = (float) pts[i];
              }
              List<InstanceMask> image = instances.get(unit % batch);
              PointSampler.Taps taps = null;
              for (int t = 0; t < image.size(); t++) {
                InstanceMask m = image.get(t);
                boolean sameSize =
                    t > 0
                        && m.mask().height() == image.get(t - 1).mask().height()
                        && m.mask().width() == image.get(t - 1).mask().width();
                taps =
                    sameSize
                        ? taps
                        : PointSampler.taps(
                            m.mask().height(),
                            m.mask().width(),
                            floats(points, unit * 2 * n, 2 * n));
                double[] v = PointSampler.sample(targetMasks.get(unit % batch).get(t), 0, taps);
                for (int p = 0; p < n; p++) {
                  targets[(unit * slots + t) * n + p] = (float) v[p];
                }
              }
            });
    return new MatchPoints(
        HostTensor.ofFloats(points, sets, batch, n, 2),
        HostTensor.ofFloats(targets, sets, batch, slots, n),
        callSeed);
  }

  /**
   * The loss inputs: for every prediction set and image, the Hungarian matching on the cost from
   * the class probabilities and the given mask costs, then importance-sampled points on each
   * matched predicted mask and the target values there.
   *
   * @param predictions the forward outputs of this batch with the current parameters
   * @param matchPoints the points the mask costs were computed at
   * @param bce F32 {@code [S, B, Q, T]} point-averaged BCE ({@link MaskCostGraph})
   * @param dice F32 {@code [S, B, Q, T]} dice cost
   * @param instances per image its ground-truth instances (at most {@code maxInstances}, labels in
   *     {@code [0, classes)}, masks at image resolution)
   * @return input name of {@link SegmentationLossInputs} → value
   */
  public Map<String, HostTensor> compute(
      HostPredictions predictions,
      MatchPoints matchPoints,
      HostTensor bce,
      HostTensor dice,
      List<List<InstanceMask>> instances) {
    int sets = predictions.sets();
    int batch = predictions.batch();
    int queries = predictions.queries();
    int slotsPerImage = config.maxInstances();
    int points = config.trainPoints();
    Preconditions.checkArgument(
        instances.size() == batch, "%s instance lists for a batch of %s", instances.size(), batch);
    Preconditions.checkArgument(
        sets == head.predictionSets()
            && queries == head.queries()
            && predictions.slots() == head.classes() + 1,
        "predictions do not come from a head of %s",
        head);
    int maskCount = checkInstances(instances);
    int slots = batch * slotsPerImage;
    long[] classes = new long[sets * batch * queries];
    java.util.Arrays.fill(classes, head.classes());
    long[] matched = new long[sets * slots];
    float[] coords = new float[sets * slots * points * 2];
    float[] values = new float[sets * slots * points];
    float[] valid = new float[sets * slots];
    List<List<float[]>> targetMasks =
        instances.stream()
            .map(image -> image.stream().map(InstanceMask::asFloats).toList())
            .toList();
    float[][] classLogits = new float[sets][];
    float[][] maskLogits = new float[sets][];
    for (int s = 0; s < sets; s++) {
      classLogits[s] = predictions.classLogits().get(s).toFloatArray();
      maskLogits[s] = predictions.maskLogits().get(s).toFloatArray();
    }
    float[] bceCost = bce.toFloatArray();
    float[] diceCost = dice.toFloatArray();
    IntStream.range(0, sets * batch)
        .parallel()
        .forEach(
            unit -> {
              int s = unit / batch;
              int b = unit % batch;
              List<InstanceMask> image = instances.get(b);
              if (image.isEmpty()) {
                return;
              }
              SplittableRandom rng = new SplittableRandom(Seeds.mix(matchPoints.seed(), unit, 1));
              float[] masks = maskLogits[s];
              Assignment assignment =
                  match(classLogits[s], bceCost, diceCost, unit, b, image, predictions);
              int t = 0;
              for (Match m : assignment.matches()) {
                InstanceMask target = image.get(m.col());
                classes[(s * batch + b) * queries + m.row()] = target.label();
                int slot = s * slots + b * slotsPerImage + t++;
                matched[slot] = (long) b * queries + m.row();
                valid[slot] = 1;
                int maskOffset =
                    (b * queries + m.row()) * predictions.height() * predictions.width();
                double[] pts =
                    PointSampler.importance(
                        masks,
                        maskOffset,
                        predictions.height(),
                        predictions.width(),
                        points,
                        config.oversampleRatio(),
                        config.importanceRatio(),
                        rng);
                float[] targetMask = targetMasks.get(b).get(m.col());
                for (int p = 0; p < points; p++) {
                  coords[(slot * points + p) * 2] = (float) pts[2 * p];
                  coords[(slot * points + p) * 2 + 1] = (float) pts[2 * p + 1];
                  values[slot * points + p] =
                      (float)
                          PointSampler.sample(
                              targetMask,
                              0,
                              target.mask().height(),
                              target.mask().width(),
                              coords[(slot * points + p) * 2],
                              coords[(slot * points + p) * 2 + 1]);
                }
              }
            });
    Map<String, HostTensor> out = new LinkedHashMap<>();
    out.put(
        SegmentationLossInputs.CLASSES, HostTensor.ofLongs(classes, sets, (long) batch * queries));
    out.put(SegmentationLossInputs.MATCHED_QUERIES, HostTensor.ofLongs(matched, sets, slots));
    out.put(SegmentationLossInputs.POINTS, HostTensor.ofFloats(coords, sets, slots, points, 2));
    out.put(SegmentationLossInputs.POINT_TARGETS, HostTensor.ofFloats(values, sets, slots, points));
    out.put(SegmentationLossInputs.VALID, HostTensor.ofFloats(valid, sets, slots));
    out.put(
        SegmentationLossInputs.MASK_COUNT,
        HostTensor.ofFloats(new float[] {Math.max(1, maskCount)}));
    return out;
  }

  /** Checks the instance counts and labels; returns the number of instances. */
  private int checkInstances(List<List<InstanceMask>> instances) {
    int count = 0;
    for (List<InstanceMask> image : instances) {
      Preconditions.checkArgument(
          image.size() <= config.maxInstances(),
          "an image has %s instances but the loss has room for maxInstances = %s; raise maxInstances",
          image.size(),
          config.maxInstances());
      image.forEach(
          m ->
              Preconditions.checkArgument(
                  m.label() < head.classes(),
                  "instance label %s is outside [0, %s)",
                  m.label(),
                  head.classes()));
      count += image.size();
    }
    return count;
  }

  /**
   * The Hungarian matching of one (set, image) unit on the class probabilities and the unit's mask
   * costs.
   */
  private Assignment match(
      float[] logits,
      float[] bce,
      float[] dice,
      int unit,
      int b,
      List<InstanceMask> image,
      HostPredictions predictions) {
    int queries = predictions.queries();
    int slots = predictions.slots();
    int targetSlots = config.maxInstances();
    double[][] probs = new double[queries][];
    double[][] bceRows = new double[queries][image.size()];
    double[][] diceRows = new double[queries][image.size()];
    for (int q = 0; q < queries; q++) {
      probs[q] = softmax(logits, (b * queries + q) * slots, slots);
      for (int t = 0; t < image.size(); t++) {
        bceRows[q][t] = bce[(unit * queries + q) * targetSlots + t];
        diceRows[q][t] = dice[(unit * queries + q) * targetSlots + t];
      }
    }
    int[] labels = image.stream().mapToInt(InstanceMask::label).toArray();
    return HungarianMatcher.match(config.matchCost().combine(probs, labels, bceRows, diceRows));
  }

  private static double[] floats(float[] values, int offset, int count) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = values[offset + i];
    }
    return out;
  }

  static double[] softmax(float[] logits, int offset, int count) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      max = Math.max(max, logits[offset + k]);
    }
    double[] p = new double[count];
    double sum = 0;
    for (int k = 0; k < count; k++) {
      p[k] = Math.exp(logits[offset + k] - max);
      sum += p[k];
    }
    for (int k = 0; k < count; k++) {
      p[k] /= sum;
    }
    return p;
  }
}

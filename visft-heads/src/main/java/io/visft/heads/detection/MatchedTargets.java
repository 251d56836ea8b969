package io.visft.heads.detection;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.heads.matching.Assignment;
import io.visft.heads.matching.Match;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ground truth of a batch together with its matching to the queries of every decoder layer,
 * laid out as the values of {@link DetectionTargetInputs}. Immutable and thread-safe.
 */
public final class MatchedTargets {

  private final DetectionHeadConfig config;
  private final List<ImageTargets> targets;
  private final List<List<Assignment>> assignments;
  private final int maxTargets;

  private MatchedTargets(
      DetectionHeadConfig config,
      List<ImageTargets> targets,
      List<List<Assignment>> assignments,
      int maxTargets) {
    this.config = config;
    this.targets = targets;
    this.assignments = assignments;
    this.maxTargets = maxTargets;
  }

  /**
   * @param targets one entry per image of the batch
   * @param assignments {@code [layer][image]}: rows are queries, columns the image's targets; each
   *     must match every target of its image
   * @param maxTargets target slots per image, {@code T}
   * @throws IllegalArgumentException naming the image when it has more boxes than {@code T} or than
   *     queries, a label outside {@code [0, numClasses)}, or an assignment that does not fit
   */
  public static MatchedTargets of(
      DetectionHeadConfig config,
      List<ImageTargets> targets,
      List<List<Assignment>> assignments,
      int maxTargets) {
    checkTargets(config, targets, maxTargets);
    checkArgument(
        assignments.size() == config.decoderLayers(),
        "need one list of assignments per decoder layer (%s), got %s",
        config.decoderLayers(),
        assignments.size());
    for (int l = 0; l < assignments.size(); l++) {
      List<Assignment> layer = assignments.get(l);
      checkArgument(
          layer.size() == targets.size(),
          "layer %s has %s assignments for %s images",
          l,
          layer.size(),
          targets.size());
      for (int b = 0; b < layer.size(); b++) {
        checkAssignment(config, l, b, layer.get(b), targets.get(b).count());
      }
    }
    return new MatchedTargets(
        config, List.copyOf(targets), assignments.stream().map(List::copyOf).toList(), maxTargets);
  }

  /**
   * Checks that every image fits {@code maxTargets} slots and the head's queries and classes.
   *
   * @throws IllegalArgumentException naming the image and the box at fault
   */
  static void checkTargets(DetectionHeadConfig c, List<ImageTargets> targets, int maxTargets) {
    checkArgument(maxTargets >= 1, "maxTargets must be at least 1, got %s", maxTargets);
    for (int b = 0; b < targets.size(); b++) {
      checkImage(c, b, targets.get(b), maxTargets);
    }
  }

  private static void checkImage(DetectionHeadConfig c, int b, ImageTargets t, int maxTargets) {
    checkArgument(
        t.count() <= maxTargets,
        "image %s has %s boxes but the training graph has maxTargets = %s slots; build it with a"
            + " larger maxTargets",
        b,
        t.count(),
        maxTargets);
    checkArgument(
        t.count() <= c.numQueries(),
        "image %s has %s boxes but the head has only numQueries = %s queries to match them with",
        b,
        t.count(),
        c.numQueries());
    for (int i = 0; i < t.count(); i++) {
      checkArgument(
          t.label(i) < c.numClasses(),
          "image %s, box %s: label %s is outside [0, numClasses = %s)",
          b,
          i,
          t.label(i),
          c.numClasses());
    }
  }

  private static void checkAssignment(
      DetectionHeadConfig c, int layer, int b, Assignment a, int count) {
    checkArgument(
        a.size() == count,
        "layer %s, image %s: the assignment pairs %s targets, the image has %s",
        layer,
        b,
        a.size(),
        count);
    for (Match m : a.matches()) {
      checkArgument(
          m.row() < c.numQueries() && m.col() < count,
          "layer %s, image %s: pair %s is outside %s queries x %s targets",
          layer,
          b,
          m,
          c.numQueries(),
          count);
    }
  }

  /** The image targets, in batch order. */
  public List<ImageTargets> targets() {
    return targets;
  }

  /** The assignment of decoder layer {@code layer} for image {@code image}. */
  public Assignment assignment(int layer, int image) {
    return assignments.get(layer).get(image);
  }

  /** Target boxes in the batch, the loss's normaliser (before its clamp at 1). */
  public int boxCount() {
    return targets.stream().mapToInt(ImageTargets::count).sum();
  }

  /** The values of the four {@link DetectionTargetInputs}, by input name. */
  public Map<String, HostTensor> inputs() {
    int layers = assignments.size();
    int batch = targets.size();
    int queries = config.numQueries();
    long[] queryClasses = new long[layers * batch * queries];
    Arrays.fill(queryClasses, config.noObjectClass());
    long[] matchedQueries = new long[layers * batch * maxTargets];
    for (int l = 0; l < layers; l++) {
      for (int b = 0; b < batch; b++) {
        for (Match m : assignment(l, b).matches()) {
          queryClasses[(l * batch + b) * queries + m.row()] = targets.get(b).label(m.col());
          matchedQueries[(l * batch + b) * maxTargets + m.col()] = m.row();
        }
      }
    }
    float[] boxes = new float[batch * maxTargets * 4];
    ByteBuffer valid = ByteBuffer.allocate(batch * maxTargets);
    for (int b = 0; b < batch; b++) {
      ImageTargets t = targets.get(b);
      for (int i = 0; i < t.count(); i++) {
        double[] box = t.box(i);
        for (int k = 0; k < 4; k++) {
          boxes[(b * maxTargets + i) * 4 + k] = (float) box[k];
        }
        valid.put(b * maxTargets + i, (byte) 1);
      }
    }
    Map<String, HostTensor> out = new LinkedHashMap<>();
    out.put(
        DetectionTargetInputs.QUERY_CLASSES,
        HostTensor.ofLongs(queryClasses, layers, batch, queries));
    out.put(
        DetectionTargetInputs.MATCHED_QUERIES,
        HostTensor.ofLongs(matchedQueries, layers, batch, maxTargets));
    out.put(DetectionTargetInputs.TARGET_BOXES, HostTensor.ofFloats(boxes, batch, maxTargets, 4));
    out.put(
        DetectionTargetInputs.TARGET_VALID,
        new HostTensor(DType.BOOL, new long[] {batch, maxTargets}, valid));
    return out;
  }
}

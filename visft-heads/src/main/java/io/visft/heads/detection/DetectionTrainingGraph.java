package io.visft.heads.detection;

import com.google.common.base.Preconditions;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.heads.HeadParameterMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The training loss of a {@link DetectionHead} for a given matching, built into a caller's graph
 * after the backbone.
 *
 * <p>Matching needs the predictions, so a training step is two runs: a forward run of {@link
 * DetectionPredictions} (same inputs, same dropout seed), the Hungarian matching in Java ({@link
 * DetectionMatcher}), then the run of this graph, whose {@link DetectionTargetInputs} carry the
 * matched targets and which yields the loss and its gradients. {@link DetectionTrainingStep} does
 * all three.
 *
 * @param loss scalar F32, DETR's set loss summed over every decoder layer ({@link
 *     DetectionLossConfig})
 * @param predictions the forward pass it differentiates
 * @param targets the matched-target inputs declared by {@link #build}
 * @param metrics scalars of the last decoder layer, unweighted: {@link #LOSS_CE}, {@link
 *     #LOSS_BBOX}, {@link #LOSS_GIOU}
 */
public record DetectionTrainingGraph(
    Value loss,
    DetectionPredictions predictions,
    DetectionTargetInputs targets,
    Map<String, Value> metrics) {

  /** Metric name of the last layer's weighted cross-entropy. */
  public static final String LOSS_CE = "loss_ce";

  /** Metric name of the last layer's L1 box distance per target box. */
  public static final String LOSS_BBOX = "loss_bbox";

  /** Metric name of the last layer's {@code 1 − GIoU} per target box. */
  public static final String LOSS_GIOU = "loss_giou";

  public DetectionTrainingGraph {
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(predictions, "predictions");
    Objects.requireNonNull(targets, "targets");
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * Adds the head, the matched-target inputs ({@link DetectionTargetInputs}, named by its
   * constants) and the loss to {@code graph}.
   *
   * @param features F32 {@code [B, featureDim, h, w]}; gradients reach it
   * @param paddingMask BOOL {@code [B, h, w]}, true where the map is padding
   * @param dropoutSeed I64 scalar input drawing the dropout masks, or null for no dropout
   * @param maxTargets target slots per image, {@code T >= 1}
   * @param mode whether the head's parameters are trainable inputs or frozen weights
   */
  public static DetectionTrainingGraph build(
      Graph graph,
      DetectionHead head,
      Value features,
      Value paddingMask,
      Value dropoutSeed,
      int maxTargets,
      HeadParameterMode mode) {
    Preconditions.checkArgument(
        maxTargets >= 1, "maxTargets must be at least 1, got %s", maxTargets);
    DetectionPredictions predictions =
        DetectionPredictions.build(graph, head, features, paddingMask, dropoutSeed, mode);
    DetectionTargetInputs targets =
        DetectionTargetInputs.declare(graph, head.config(), predictions.batch(), maxTargets);
    Ops o = new Ops(graph);
    DetectionLoss loss =
        graph.inScope(
            "detection_loss", () -> DetectionLoss.build(o, head.config(), predictions, targets));
    Map<String, Value> metrics = new LinkedHashMap<>();
    metrics.put(LOSS_CE, DetectionLoss.lastLayer(o, loss.crossEntropy()));
    metrics.put(LOSS_BBOX, DetectionLoss.lastLayer(o, loss.boxL1()));
    metrics.put(LOSS_GIOU, DetectionLoss.lastLayer(o, loss.giou()));
    return new DetectionTrainingGraph(loss.total(), predictions, targets, metrics);
  }

  /** Checkpoint name → graph input of each head parameter (empty with frozen weights). */
  public Map<String, Value> parameterInputs() {
    return predictions.parameterInputs();
  }
}

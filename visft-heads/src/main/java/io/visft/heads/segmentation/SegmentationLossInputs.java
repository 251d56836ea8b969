package io.visft.heads.segmentation;

import io.visft.api.DType;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;

/**
 * The target inputs of the loss graph, stacked over the {@code S} prediction sets; {@code B} is the
 * batch, {@code Q} the queries, {@code T} = {@code maxInstances}, {@code P} = {@code trainPoints}.
 * {@link SegmentationTargets} computes their values from a forward run.
 *
 * @param classTargets {@code seg_target/classes} I64 {@code [S, B·Q]}: the matched target's class,
 *     or {@code classes} ("no object")
 * @param matchedQueries {@code seg_target/matched_queries} I64 {@code [S, B·T]}: {@code b·Q + q} of
 *     the query matched to slot {@code b·T + t} (0 for an unused slot)
 * @param points {@code seg_target/points} F32 {@code [S, B·T, P, 2]}: sampled (x, y) in [0, 1]
 * @param pointTargets {@code seg_target/point_targets} F32 {@code [S, B·T, P]}: the target mask at
 *     those points
 * @param valid {@code seg_target/valid} F32 {@code [S, B·T]}: 1 for a used slot, else 0
 * @param maskCount {@code seg_target/mask_count} F32 scalar: ground-truth instances in the batch
 *     (at least 1), the normaliser of the mask losses
 */
public record SegmentationLossInputs(
    Value classTargets,
    Value matchedQueries,
    Value points,
    Value pointTargets,
    Value valid,
    Value maskCount) {

  public static final String CLASSES = "seg_target/classes";
  public static final String MATCHED_QUERIES = "seg_target/matched_queries";
  public static final String POINTS = "seg_target/points";
  public static final String POINT_TARGETS = "seg_target/point_targets";
  public static final String VALID = "seg_target/valid";
  public static final String MASK_COUNT = "seg_target/mask_count";

  /** Declares the inputs for a batch of {@code batch} images. */
  public static SegmentationLossInputs declare(
      Graph g, SegmentationHeadConfig head, SegmentationLossConfig loss, int batch) {
    long s = head.predictionSets();
    long slots = (long) batch * loss.maxInstances();
    return new SegmentationLossInputs(
        g.input(CLASSES, DType.I64, s, (long) batch * head.queries()),
        g.input(MATCHED_QUERIES, DType.I64, s, slots),
        g.input(POINTS, DType.F32, s, slots, loss.trainPoints(), 2),
        g.input(POINT_TARGETS, DType.F32, s, slots, loss.trainPoints()),
        g.input(VALID, DType.F32, s, slots),
        g.input(MASK_COUNT, DType.F32));
  }
}

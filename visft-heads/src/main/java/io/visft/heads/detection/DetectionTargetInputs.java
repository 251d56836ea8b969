package io.visft.heads.detection;

import io.visft.api.DType;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;

/**
 * The graph inputs that carry the matched ground truth of a training step, at static shapes: each
 * image's targets are padded to {@code T} = maxTargets slots with a validity mask. {@link
 * MatchedTargets#inputs()} produces their values by these names.
 *
 * @param queryClasses I64 {@code [L, B, Q]}: per decoder layer, the class each query is trained
 *     towards, the no-object class {@code numClasses} for unmatched queries
 * @param matchedQueries I64 {@code [L, B, T]}: per decoder layer, the query matched to each target
 *     slot (any index in {@code [0, Q)} for empty slots)
 * @param targetBoxes F32 {@code [B, T, 4]}: normalised {@code (cx, cy, w, h)} of each slot (empty
 *     slots are ignored)
 * @param targetValid BOOL {@code [B, T]}: true for the slots that hold a target
 */
public record DetectionTargetInputs(
    Value queryClasses, Value matchedQueries, Value targetBoxes, Value targetValid) {

  /** Input name of {@link #queryClasses()}. */
  public static final String QUERY_CLASSES = "detection/query_classes";

  /** Input name of {@link #matchedQueries()}. */
  public static final String MATCHED_QUERIES = "detection/matched_queries";

  /** Input name of {@link #targetBoxes()}. */
  public static final String TARGET_BOXES = "detection/target_boxes";

  /** Input name of {@link #targetValid()}. */
  public static final String TARGET_VALID = "detection/target_valid";

  /** Declares the four inputs in {@code graph}. */
  static DetectionTargetInputs declare(
      Graph graph, DetectionHeadConfig c, long batch, int maxTargets) {
    int layers = c.decoderLayers();
    return new DetectionTargetInputs(
        graph.input(QUERY_CLASSES, DType.I64, layers, batch, c.numQueries()),
        graph.input(MATCHED_QUERIES, DType.I64, layers, batch, maxTargets),
        graph.input(TARGET_BOXES, DType.F32, batch, maxTargets, 4),
        graph.input(TARGET_VALID, DType.BOOL, batch, maxTargets));
  }

  /** Target slots per image, {@code T}. */
  public int maxTargets() {
    return (int) targetValid.dim(1);
  }
}

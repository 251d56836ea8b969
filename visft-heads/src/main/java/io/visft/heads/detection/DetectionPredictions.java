package io.visft.heads.detection;

import io.visft.api.DType;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.heads.HeadParameterMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The forward pass of a {@link DetectionHead} built into a caller's graph (after the backbone,
 * whose features it consumes): class logits, class probabilities and boxes of every decoder layer.
 * Gradients reach the features.
 *
 * @param logits F32 {@code [L, B, Q, numClasses + 1]}, the last slot "no object"
 * @param probabilities softmax of the logits over the last axis, same shape
 * @param boxes F32 {@code [L, B, Q, 4]}: sigmoid {@code (cx, cy, w, h)} relative to the unpadded
 *     image
 * @param parameterInputs checkpoint name → graph input of each head parameter in {@link
 *     HeadParameterMode#TRAINABLE_INPUTS} mode; empty with frozen weights
 */
public record DetectionPredictions(
    Value logits, Value probabilities, Value boxes, Map<String, Value> parameterInputs) {

  /** Output name under which sessions export {@link #probabilities()}. */
  public static final String PROBABILITIES = "detection/probabilities";

  /** Output name under which sessions export {@link #boxes()}. */
  public static final String BOXES = "detection/boxes";

  public DetectionPredictions {
    Objects.requireNonNull(logits, "logits");
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(boxes, "boxes");
    parameterInputs = Collections.unmodifiableMap(new LinkedHashMap<>(parameterInputs));
  }

  /**
   * Adds the head's forward pass to {@code graph}.
   *
   * @param features F32 {@code [B, featureDim, h, w]}, the backbone map
   * @param paddingMask BOOL {@code [B, h, w]}, true where the map is padding (every image needs at
   *     least one unpadded position)
   * @param dropoutSeed I64 scalar input that draws the dropout masks, or null for no dropout
   *     (evaluation, parity checks); two graphs built alike draw the same masks from the same seed
   * @param mode whether the head's parameters are trainable inputs or frozen weights
   * @throws ShapeException naming the value whose type or shape does not fit
   */
  public static DetectionPredictions build(
      Graph graph,
      DetectionHead head,
      Value features,
      Value paddingMask,
      Value dropoutSeed,
      HeadParameterMode mode) {
    DetectionHeadConfig c = head.config();
    require(features, DType.F32, "features", -1, c.featureDim(), -1, -1);
    require(
        paddingMask, DType.BOOL, "paddingMask", features.dim(0), features.dim(2), features.dim(3));
    if (dropoutSeed != null) {
      require(dropoutSeed, DType.I64, "dropoutSeed");
    }
    Ops o = new Ops(graph);
    Map<String, Value> params = head.bind(graph, mode);
    return graph.inScope(
        "detection_head",
        () -> {
          DropoutSites dropout = new DropoutSites(c.dropout(), dropoutSeed);
          Value hidden =
              DetectionTransformer.hiddenStates(o, c, features, paddingMask, params, dropout);
          Value logits =
              TransformerLayers.linear(o, hidden, params, DetectionParameters.CLASS_EMBED);
          Value box = hidden;
          for (int i = 0; i < DetectionParameters.BOX_MLP_LAYERS; i++) {
            box = TransformerLayers.linear(o, box, params, DetectionParameters.boxLayer(i));
            box = i < DetectionParameters.BOX_MLP_LAYERS - 1 ? o.relu(box) : o.sigmoid(box);
          }
          return new DetectionPredictions(
              logits,
              o.softmax(logits, -1),
              box,
              mode == HeadParameterMode.TRAINABLE_INPUTS ? params : Map.of());
        });
  }

  /** Decoder layers {@code L}. */
  public int layers() {
    return (int) boxes.dim(0);
  }

  /** Batch size {@code B}. */
  public int batch() {
    return (int) boxes.dim(1);
  }

  /** Checks dtype and the dimensions that are not -1 (the rank is the number of dims given). */
  static void require(Value v, DType dtype, String what, long... dims) {
    boolean ok = v.dtype() == dtype && v.rank() == dims.length;
    for (int i = 0; ok && i < dims.length; i++) {
      ok = dims[i] < 0 || v.dim(i) == dims[i];
    }
    if (!ok) {
      String expected =
          dims.length == 0
              ? "[] (a scalar)"
              : Arrays.stream(dims)
                  .mapToObj(d -> d < 0 ? "*" : Long.toString(d))
                  .toList()
                  .toString();
      throw new ShapeException(
          String.format(
              "detection head input %s ('%s') is %s, expected %s %s; see DetectionPredictions.build"
                  + " for the layout",
              what, v.name(), v.type(), dtype, expected));
    }
  }
}

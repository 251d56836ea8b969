package io.visft.heads.segmentation;

import com.google.common.base.Preconditions;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the segmentation head's forward graph: backbone features {@code [B, C, h, w]} to class and
 * mask logits of every prediction set. The parameters are graph values chosen by the caller:
 * {@linkplain #trainableInputs inputs} in stage 1 (the head trains), {@linkplain #frozenWeights
 * frozen weights} in stage 2 (gradients pass through the head into the backbone's adapter). The
 * features may be an input or the backbone's output; gradients reach them either way.
 */
public final class SegmentationGraph {

  /**
   * The forward outputs.
   *
   * @param memory pixel-decoder encoder output {@code [B, dim, h, w]}
   * @param maskFeatures {@code [B, maskDim, h, w]}
   * @param sets {@code decoderLayers + 1} prediction sets; the last is the final prediction
   */
  public record Forward(Value memory, Value maskFeatures, List<PredictionSet> sets) {
    public Forward {
      sets = List.copyOf(sets);
    }

    /** The final prediction set (after the last decoder layer). */
    public PredictionSet last() {
      return sets.get(sets.size() - 1);
    }
  }

  private SegmentationGraph() {}

  /**
   * @param params every name of {@link SegmentationParameters#shapes} mapped to an F32 value of
   *     that shape
   * @param features {@code [B, inChannels, h, w]} F32
   */
  public static Forward forward(
      Ops o, SegmentationHeadConfig config, Map<String, Value> params, Value features) {
    Preconditions.checkArgument(
        features.rank() == 4
            && features.dim(1) == config.inChannels()
            && features.dtype() == DType.F32,
        "features must be F32 [batch, %s, h, w], got %s",
        config.inChannels(),
        features);
    checkShapes(config, params);
    HeadLayers layers = new HeadLayers(o, params);
    return o.graph()
        .inScope(
            "segmentation",
            () -> {
              PixelDecoder.Output pixels =
                  o.graph()
                      .inScope("pixel_decoder", () -> PixelDecoder.apply(layers, config, features));
              List<PredictionSet> sets =
                  o.graph()
                      .inScope(
                          "predictor",
                          () ->
                              new MaskedTransformerDecoder(layers, config)
                                  .apply(pixels.memory(), pixels.maskFeatures()));
              return new Forward(pixels.memory(), pixels.maskFeatures(), sets);
            });
  }

  /** Declares one F32 graph input per parameter, named as the parameter (stage 1). */
  public static Map<String, Value> trainableInputs(Graph g, SegmentationHeadConfig config) {
    Map<String, Value> inputs = new LinkedHashMap<>();
    SegmentationParameters.shapes(config)
        .forEach((name, shape) -> inputs.put(name, g.input(name, DType.F32, shape)));
    return inputs;
  }

  /** Declares every parameter as a frozen weight holding {@code values} (stage 2). */
  public static Map<String, Value> frozenWeights(Graph g, Map<String, HostTensor> values) {
    Map<String, Value> weights = new LinkedHashMap<>();
    values.forEach((name, t) -> weights.put(name, g.weight(name, t)));
    return weights;
  }

  private static void checkShapes(SegmentationHeadConfig config, Map<String, Value> params) {
    SegmentationParameters.shapes(config)
        .forEach(
            (name, shape) -> {
              Value v = params.get(name);
              Preconditions.checkArgument(
                  v != null,
                  "segmentation parameter '%s' %s is missing",
                  name,
                  Arrays.toString(shape));
              Preconditions.checkArgument(
                  Arrays.equals(v.shape(), shape) && v.dtype() == DType.F32,
                  "segmentation parameter '%s' must be F32 %s, got %s",
                  name,
                  Arrays.toString(shape),
                  v);
            });
  }
}

package io.visft.heads.segmentation;

import io.visft.api.DType;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.MultiHeadAttention;
import io.visft.core.nn.SinePositionEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Mask2Former's masked-attention transformer decoder on one memory level. Every layer is post-norm:
 * masked cross-attention to the memory, self-attention among the queries, FFN. Before the first
 * layer and after every layer a prediction head ({@code decoder_norm}, class linear, 3-layer
 * mask-embedding MLP dotted with the mask features) gives one {@link PredictionSet}; the next
 * cross-attention may only look where that prediction's {@code sigmoid(mask) >= 0.5}, except for
 * queries whose mask is empty, which look everywhere.
 */
final class MaskedTransformerDecoder {

  private final HeadLayers layers;
  private final SegmentationHeadConfig config;

  MaskedTransformerDecoder(HeadLayers layers, SegmentationHeadConfig config) {
    this.layers = layers;
    this.config = config;
  }

  /**
   * @param memory encoder output {@code [B, d, h, w]}
   * @param maskFeatures {@code [B, maskDim, h, w]}
   * @return {@code decoderLayers + 1} prediction sets, the query initialisation's first
   */
  List<PredictionSet> apply(Value memory, Value maskFeatures) {
    Ops o = layers.ops();
    String p = SegmentationParameters.PREDICTOR;
    long b = memory.dim(0);
    int h = Math.toIntExact(memory.dim(2));
    int w = Math.toIntExact(memory.dim(3));
    Value src = o.add(layers.tokens(memory), layers.param(p + "level_embed.weight"));
    Value pos = SinePositionEncoding.unpadded(o, config.dim() / 2, h, w);
    Value key = o.add(src, pos);
    Value queryPos = o.unsqueeze(layers.param(p + "query_embed.weight"), 0);
    Value output =
        o.expand(
            o.unsqueeze(layers.param(p + "query_feat.weight"), 0),
            b,
            config.queries(),
            config.dim());

    List<PredictionSet> sets = new ArrayList<>();
    PredictionSet last = predict(output, maskFeatures);
    sets.add(last);
    for (int i = 0; i < config.decoderLayers(); i++) {
      String cross = p + "transformer_cross_attention_layers." + i;
      Value attended =
          attention(
              cross + ".multihead_attn.",
              o.add(output, queryPos),
              key,
              src,
              MultiHeadAttention.perQuery(o, forbidden(last.maskLogits())));
      output = layers.layerNorm(cross + ".norm", o.add(output, attended));

      String self = p + "transformer_self_attention_layers." + i;
      Value withPos = o.add(output, queryPos);
      Value mixed = attention(self + ".self_attn.", withPos, withPos, output, null);
      output = layers.layerNorm(self + ".norm", o.add(output, mixed));

      String ffn = p + "transformer_ffn_layers." + i;
      Value hidden =
          layers.feedForward(ffn + ".linear1", ffn + ".linear2").apply(o, output, o::relu);
      output = layers.layerNorm(ffn + ".norm", o.add(output, hidden));

      last = predict(output, maskFeatures);
      sets.add(last);
    }
    return sets;
  }

  /** The attention module under {@code prefix} (ending with a dot), without dropout. */
  private Value attention(String prefix, Value query, Value key, Value value, Value mask) {
    return MultiHeadAttention.apply(
        layers.ops(),
        config.heads(),
        MultiHeadAttention.Weights.named(layers::param, prefix),
        query,
        key,
        value,
        mask,
        UnaryOperator.identity());
  }

  private PredictionSet predict(Value queries, Value maskFeatures) {
    Ops o = layers.ops();
    String p = SegmentationParameters.PREDICTOR;
    Value normed = layers.layerNorm(p + "decoder_norm", queries);
    Value classLogits = layers.linear(p + "class_embed", normed);
    Value e = o.relu(layers.linear(p + "mask_embed.layers.0", normed));
    e = o.relu(layers.linear(p + "mask_embed.layers.1", e));
    e = layers.linear(p + "mask_embed.layers.2", e);
    long b = maskFeatures.dim(0);
    long h = maskFeatures.dim(2);
    long w = maskFeatures.dim(3);
    Value flat = o.reshape(maskFeatures, b, maskFeatures.dim(1), h * w);
    Value masks = o.reshape(o.matmul(e, flat), b, config.queries(), h, w);
    return new PredictionSet(classLogits, masks);
  }

  /**
   * {@code sigmoid(mask) < 0.5} as {@code [B, Q, h·w]}, cleared on rows where it holds everywhere.
   */
  private Value forbidden(Value maskLogits) {
    Ops o = layers.ops();
    long b = maskLogits.dim(0);
    long q = maskLogits.dim(1);
    long hw = maskLogits.dim(2) * maskLogits.dim(3);
    Value flat = o.reshape(maskLogits, b, q, hw);
    Value low = o.less(o.sigmoid(flat), o.scalarLike(flat, 0.5));
    Value count = o.reduceSum(o.cast(low, DType.F32), true, 2);
    Value everywhere = o.equal(count, o.constantLike(DType.F32, new double[] {hw}));
    return o.and(low, o.not(everywhere));
  }
}

package io.visft.heads.detection;

import io.visft.api.DType;
import io.visft.core.graph.Ops;
import io.visft.core.graph.TensorType;
import io.visft.core.graph.Value;
import io.visft.core.nn.SinePositionEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The DETR transformer of the ViSFT detection head, from the backbone map to the normalised decoder
 * outputs of every layer, following the release ({@code DetrTransformer} with {@code
 * residual_in_encoder} and {@code use_task_embedding_in_img_encoder}, {@code pass_pos_and_query}):
 *
 * <ol>
 *   <li>{@code src = input_proj(features)} (1×1 convolution), flattened to {@code [B, h·w, E]};
 *       {@code pos} = the {@link SinePositionEncoding} of the padding mask;
 *   <li>the task token (row {@code taskIndex} of the table) is prepended to {@code src}, with a
 *       zero position and never padded; the encoder layers run; the token is stripped again;
 *   <li>{@code memory = enc2dec_proj(src + encoded)}, {@code pos = pos_embed_proj(pos)} (identities
 *       when {@code E = D});
 *   <li>the decoder starts from zeros with the learned queries as query positions, and the shared
 *       final LayerNorm is applied to the output of every layer.
 * </ol>
 */
final class DetectionTransformer {

  private DetectionTransformer() {}

  /**
   * @param features F32 {@code [B, C, h, w]}
   * @param paddingMask BOOL {@code [B, h, w]}, true where the map is padding
   * @param p the head's parameters by checkpoint name
   * @return {@code [L, B, Q, D]}, the normalised output of each decoder layer
   */
  static Value hiddenStates(
      Ops o,
      DetectionHeadConfig c,
      Value features,
      Value paddingMask,
      Map<String, Value> p,
      DropoutSites dropout) {
    long b = features.dim(0);
    long positions = features.dim(2) * features.dim(3);
    int e = c.encoderDim();
    Value projected =
        o.conv(
            features,
            p.get(DetectionParameters.INPUT_PROJ + "weight"),
            p.get(DetectionParameters.INPUT_PROJ + "bias"),
            new long[] {1, 1},
            new long[] {0, 0, 0, 0});
    Value src = o.transpose(o.reshape(projected, b, e, positions), 0, 2, 1);
    Value pos = SinePositionEncoding.encode(o, paddingMask, c.positionFeaturesPerAxis());
    Value padding = o.reshape(paddingMask, b, positions);

    Value token = o.gather(p.get(DetectionParameters.TASK_EMBEDDINGS), o.longs(c.taskIndex()), 0);
    Value x = o.concat(1, o.expand(o.reshape(token, 1, 1, e), b, 1, e), src);
    Value posWithToken = o.concat(1, o.zeros(TensorType.of(DType.F32, b, 1, e)), pos);
    Value paddingWithToken = o.concat(1, o.zeros(TensorType.of(DType.BOOL, b, 1)), padding);
    for (int i = 0; i < c.encoderLayers(); i++) {
      x =
          TransformerLayers.encoderLayer(
              o,
              c.numHeads(),
              DetectionParameters.encoderLayer(i),
              x,
              posWithToken,
              paddingWithToken,
              p,
              dropout);
    }
    Value memory = o.add(src, o.slice(x, 1, 1, positions + 1));
    if (c.projectsToDecoder()) {
      memory = TransformerLayers.linear(o, memory, p, DetectionParameters.ENC2DEC_PROJ);
      pos = TransformerLayers.linear(o, pos, p, DetectionParameters.POS_EMBED_PROJ);
    }

    Value queries = p.get(DetectionParameters.QUERY_EMBEDDINGS);
    Value tgt = o.zeros(TensorType.of(DType.F32, b, c.numQueries(), c.decoderDim()));
    List<Value> outputs = new ArrayList<>();
    for (int i = 0; i < c.decoderLayers(); i++) {
      tgt =
          TransformerLayers.decoderLayer(
              o,
              c.numHeads(),
              DetectionParameters.decoderLayer(i),
              tgt,
              memory,
              padding,
              pos,
              queries,
              p,
              dropout);
      outputs.add(
          o.unsqueeze(TransformerLayers.norm(o, tgt, p, DetectionParameters.DECODER_NORM), 0));
    }
    return o.concat(0, outputs.toArray(Value[]::new));
  }
}

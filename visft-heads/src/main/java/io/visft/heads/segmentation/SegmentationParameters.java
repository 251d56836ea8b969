package io.visft.heads.segmentation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter names and shapes of the segmentation head, as in Mask2Former's state dict under
 * ViSFT's {@code visft_heads.} prefix ({@code d = dim}, {@code m = maskDim}, {@code P =
 * encoderPoints}, {@code H = heads}).
 *
 * <p>Pixel decoder, prefix {@code visft_heads.segment_pixel_decoder.}:
 *
 * <ul>
 *   <li>{@code input_proj.0.0.weight [d, C, 1, 1]}, {@code .bias [d]}: 1×1 conv; {@code
 *       input_proj.0.1.weight/bias [d]}: its GroupNorm;
 *   <li>{@code transformer.level_embed [1, d]};
 *   <li>{@code transformer.encoder.layers.{i}.self_attn.sampling_offsets.weight [H·P·2, d]}, {@code
 *       .bias}; {@code ...attention_weights.weight [H·P, d]}, {@code .bias}; {@code
 *       ...value_proj.weight [d, d]}, {@code ...output_proj.weight [d, d]} with biases; {@code
 *       norm1}, {@code linear1 [ffn, d]}, {@code linear2 [d, ffn]}, {@code norm2};
 *   <li>{@code adapter_1.weight [d, C, 1, 1]} (no bias) and {@code adapter_1.norm.weight/bias}: the
 *       lateral conv; {@code layer_1.weight [d, d, 3, 3]} and {@code layer_1.norm.*}: the output
 *       conv;
 *   <li>{@code mask_features.weight [m, d, 1, 1]}, {@code .bias [m]}.
 * </ul>
 *
 * <p>Transformer decoder, prefix {@code visft_heads.segment_predictor.}: {@code query_feat.weight
 * [Q, d]}, {@code query_embed.weight [Q, d]}, {@code level_embed.weight [1, d]}, per layer {@code
 * transformer_cross_attention_layers.{i}.multihead_attn.in_proj_weight [3d, d]} ({@code
 * in_proj_bias}, {@code out_proj.weight/bias}, {@code norm.*}), the same under {@code
 * transformer_self_attention_layers.{i}.self_attn}, {@code transformer_ffn_layers.{i}.linear1 [ffn,
 * d]}, {@code linear2}, {@code norm}; then {@code decoder_norm.*}, {@code class_embed.weight
 * [classes + 1, d]} and {@code mask_embed.layers.{0,1,2}} ({@code [d, d], [d, d], [m, d]}). The
 * decoder's input projection is the identity (memory width equals {@code dim}) and has no
 * parameters.
 */
public final class SegmentationParameters {

  /** Prefix of the pixel-decoder parameters. */
  public static final String PIXEL_DECODER = "visft_heads.segment_pixel_decoder.";

  /** Prefix of the transformer-decoder parameters. */
  public static final String PREDICTOR = "visft_heads.segment_predictor.";

  private SegmentationParameters() {}

  /** Every parameter name with its shape, in a fixed order. */
  public static Map<String, long[]> shapes(SegmentationHeadConfig c) {
    Map<String, long[]> s = new LinkedHashMap<>();
    long d = c.dim();
    String p = PIXEL_DECODER;
    s.put(p + "input_proj.0.0.weight", new long[] {d, c.inChannels(), 1, 1});
    s.put(p + "input_proj.0.0.bias", new long[] {d});
    norm(s, p + "input_proj.0.1", d);
    s.put(p + "transformer.level_embed", new long[] {1, d});
    for (int i = 0; i < c.encoderLayers(); i++) {
      String l = p + "transformer.encoder.layers." + i + ".";
      linear(s, l + "self_attn.sampling_offsets", (long) c.heads() * c.encoderPoints() * 2, d);
      linear(s, l + "self_attn.attention_weights", (long) c.heads() * c.encoderPoints(), d);
      linear(s, l + "self_attn.value_proj", d, d);
      linear(s, l + "self_attn.output_proj", d, d);
      norm(s, l + "norm1", d);
      linear(s, l + "linear1", c.encoderFfnDim(), d);
      linear(s, l + "linear2", d, c.encoderFfnDim());
      norm(s, l + "norm2", d);
    }
    s.put(p + "adapter_1.weight", new long[] {d, c.inChannels(), 1, 1});
    norm(s, p + "adapter_1.norm", d);
    s.put(p + "layer_1.weight", new long[] {d, d, 3, 3});
    norm(s, p + "layer_1.norm", d);
    s.put(p + "mask_features.weight", new long[] {c.maskDim(), d, 1, 1});
    s.put(p + "mask_features.bias", new long[] {c.maskDim()});

    String q = PREDICTOR;
    s.put(q + "query_feat.weight", new long[] {c.queries(), d});
    s.put(q + "query_embed.weight", new long[] {c.queries(), d});
    s.put(q + "level_embed.weight", new long[] {1, d});
    for (int i = 0; i < c.decoderLayers(); i++) {
      attention(s, q + "transformer_cross_attention_layers." + i + ".multihead_attn", d);
      norm(s, q + "transformer_cross_attention_layers." + i + ".norm", d);
      attention(s, q + "transformer_self_attention_layers." + i + ".self_attn", d);
      norm(s, q + "transformer_self_attention_layers." + i + ".norm", d);
      linear(s, q + "transformer_ffn_layers." + i + ".linear1", c.decoderFfnDim(), d);
      linear(s, q + "transformer_ffn_layers." + i + ".linear2", d, c.decoderFfnDim());
      norm(s, q + "transformer_ffn_layers." + i + ".norm", d);
    }
    norm(s, q + "decoder_norm", d);
    linear(s, q + "class_embed", c.classes() + 1L, d);
    linear(s, q + "mask_embed.layers.0", d, d);
    linear(s, q + "mask_embed.layers.1", d, d);
    linear(s, q + "mask_embed.layers.2", c.maskDim(), d);
    return Collections.unmodifiableMap(s);
  }

  private static void linear(Map<String, long[]> s, String name, long out, long in) {
    s.put(name + ".weight", new long[] {out, in});
    s.put(name + ".bias", new long[] {out});
  }

  private static void norm(Map<String, long[]> s, String name, long d) {
    s.put(name + ".weight", new long[] {d});
    s.put(name + ".bias", new long[] {d});
  }

  private static void attention(Map<String, long[]> s, String name, long d) {
    s.put(name + ".in_proj_weight", new long[] {3 * d, d});
    s.put(name + ".in_proj_bias", new long[] {3 * d});
    s.put(name + ".out_proj.weight", new long[] {d, d});
    s.put(name + ".out_proj.bias", new long[] {d});
  }
}

package io.visft.heads.segmentation;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.SinePositionEncoding;

/**
 * Mask2Former's pixel decoder on one scale: {@code src = GN(conv1×1(x))}; deformable encoder layers
 * over {@code src} with sine position plus level embedding; then one FPN stage on the same map,
 * {@code y = relu(GN(conv3×3(GN(conv1×1(x)) + memory)))} (the bilinear resize of the encoder output
 * to the lateral map is the identity here, both being {@code h × w}); mask features {@code =
 * conv1×1(y)}.
 */
final class PixelDecoder {

  /**
   * The decoder's outputs.
   *
   * @param memory encoder output, the transformer decoder's memory {@code [B, d, h, w]}
   * @param maskFeatures per-pixel embeddings {@code [B, maskDim, h, w]}
   */
  record Output(Value memory, Value maskFeatures) {}

  private PixelDecoder() {}

  /**
   * @param features backbone map {@code [B, C, h, w]}
   */
  static Output apply(HeadLayers layers, SegmentationHeadConfig config, Value features) {
    Ops o = layers.ops();
    String p = SegmentationParameters.PIXEL_DECODER;
    int h = Math.toIntExact(features.dim(2));
    int w = Math.toIntExact(features.dim(3));
    Value src =
        layers.groupNorm(
            p + "input_proj.0.1",
            layers.conv(p + "input_proj.0.0", features, true),
            config.groups());
    Value pos3 =
        o.add(
            SinePositionEncoding.unpadded(o, config.dim() / 2, h, w),
            layers.param(p + "transformer.level_embed"));
    Value reference = o.graph().constant(DeformableEncoderLayer.referencePoints(h, w));
    DeformableEncoderLayer layer = new DeformableEncoderLayer(layers, config);
    Value tokens = layers.tokens(src);
    for (int i = 0; i < config.encoderLayers(); i++) {
      tokens =
          layer.apply(p + "transformer.encoder.layers." + i + ".", tokens, pos3, reference, h, w);
    }
    Value memory = layers.map(tokens, h, w);
    Value lateral =
        layers.groupNorm(
            p + "adapter_1.norm", layers.conv(p + "adapter_1", features, false), config.groups());
    Value y =
        o.relu(
            layers.groupNorm(
                p + "layer_1.norm",
                layers.conv(p + "layer_1", o.add(lateral, memory), false),
                config.groups()));
    return new Output(memory, layers.conv(p + "mask_features", y, true));
  }
}

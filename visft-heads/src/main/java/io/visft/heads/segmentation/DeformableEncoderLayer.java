package io.visft.heads.segmentation;

import io.visft.api.HostTensor;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.GridSample;

/**
 * One post-norm encoder layer of Mask2Former's pixel decoder with single-level multi-scale
 * deformable attention: {@code x = norm1(x + deformAttn(x + pos, x))}, {@code x = norm2(x +
 * linear2(relu(linear1(x))))}.
 *
 * <p>Deformable attention (one level): each token {@code q} with reference point {@code r_q} (its
 * pixel centre, normalised to [0, 1]) samples the projected values of every head at {@code r_q +
 * Δ/(w, h)} for {@code P} learned offsets {@code Δ} (a linear layer of the query), by bilinear
 * sampling with zero padding ({@link GridSample}, the {@code grid_sample} of the reference CUDA
 * kernel), and mixes them with softmax weights (another linear layer) before the output projection.
 */
final class DeformableEncoderLayer {

  private final HeadLayers layers;
  private final SegmentationHeadConfig config;

  DeformableEncoderLayer(HeadLayers layers, SegmentationHeadConfig config) {
    this.layers = layers;
    this.config = config;
  }

  /**
   * @param x tokens {@code [B, h·w, d]}
   * @param pos position plus level embedding {@code [1, h·w, d]}
   * @param reference pixel-centre reference points {@code [1, h·w, 1, 1, 2]} as (x, y)
   * @return {@code [B, h·w, d]}
   */
  Value apply(String prefix, Value x, Value pos, Value reference, int h, int w) {
    Ops o = layers.ops();
    Value attended = deformableAttention(prefix + "self_attn", o.add(x, pos), x, reference, h, w);
    Value y = layers.layerNorm(prefix + "norm1", o.add(x, attended));
    Value ffn = layers.feedForward(prefix + "linear1", prefix + "linear2").apply(o, y, o::relu);
    return layers.layerNorm(prefix + "norm2", o.add(y, ffn));
  }

  private Value deformableAttention(
      String module, Value query, Value input, Value reference, int h, int w) {
    Ops o = layers.ops();
    long b = input.dim(0);
    long len = input.dim(1);
    long heads = config.heads();
    long dh = config.headDim();
    long points = config.encoderPoints();
    Value value = layers.linear(module + ".value_proj", input);
    Value perHead =
        o.reshape(
            o.transpose(o.reshape(value, b, len, heads, dh), 0, 2, 3, 1), b * heads, dh, h, w);

    Value offsets =
        o.reshape(layers.linear(module + ".sampling_offsets", query), b, len, heads, points, 2);
    Value normaliser = o.graph().constant(HostTensor.ofFloats(new float[] {w, h}, 2));
    Value locations = o.add(reference, o.div(offsets, normaliser));
    Value grid = o.reshape(o.transpose(locations, 0, 2, 1, 3, 4), b * heads, len * points, 2);
    Value sampled = o.reshape(GridSample.sample(o, perHead, grid), b * heads, dh, len, points);

    Value logits =
        o.reshape(layers.linear(module + ".attention_weights", query), b, len, heads, points);
    Value weights =
        o.reshape(o.transpose(o.softmax(logits, 3), 0, 2, 1, 3), b * heads, 1, len, points);
    Value mixed = o.reduceSum(o.mul(sampled, weights), false, 3);
    Value merged = o.transpose(o.reshape(mixed, b, heads * dh, len), 0, 2, 1);
    return layers.linear(module + ".output_proj", merged);
  }

  /** Pixel centres {@code ((x + 0.5)/w, (y + 0.5)/h)} in token order, {@code [1, h·w, 1, 1, 2]}. */
  static HostTensor referencePoints(int h, int w) {
    float[] r = new float[h * w * 2];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r[(y * w + x) * 2] = (x + 0.5f) / w;
        r[(y * w + x) * 2 + 1] = (y + 0.5f) / h;
      }
    }
    return HostTensor.ofFloats(r, 1, (long) h * w, 1, 1, 2);
  }
}

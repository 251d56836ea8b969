package io.visft.core.vit;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * The EVA backbone as EVA-CLIP's vision tower: a learned cls token with its own position slot
 * ({@code pos_embed} slot 0) is put before the patch tokens (whose positions are resized as in
 * {@link EvaBackbone}), the same blocks and final norm run over all tokens, and the cls output goes
 * through the {@code head} projection to the image embedding. Load the extra tensors with {@link
 * EvaLoadOptions#withVisualTower(boolean)}.
 */
public final class EvaClipTower {
  /** The learned cls token, {@code [1, 1, D]}. */
  public static final String CLS_TOKEN = "cls_token";

  /** The projection to the joint image-text space, {@code [E, D]}. */
  public static final String HEAD_WEIGHT = "head.weight";

  /** The projection bias, {@code [E]}; optional. */
  public static final String HEAD_BIAS = "head.bias";

  private EvaClipTower() {}

  /**
   * Adds the tower to {@code graph}.
   *
   * @param weights timm-named backbone tensors plus {@link #CLS_TOKEN}, {@link #HEAD_WEIGHT} and
   *     optionally {@link #HEAD_BIAS} (as {@link EvaWeightsFile#weights()} holds them when opened
   *     with {@link EvaLoadOptions#withVisualTower(boolean)}); bound as frozen weights without
   *     copying. {@code pos_embed} must keep its cls slot: {@code [1, 1 + g², D]}
   * @param pixels {@code [B, 3, H, W]}, normalised as the checkpoint expects, H and W multiples of
   *     the patch size
   * @param linear how linear layers are applied, the head (module {@code head}) included
   * @return image embeddings {@code [B, E]}, not L2-normalised
   * @throws ShapeException if a tower tensor is missing or mis-shaped
   */
  public static Value build(
      Graph graph,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Value pixels,
      LinearLayer linear) {
    Ops o = new Ops(graph);
    PatchGrid grid = EvaBackbone.patchGrid(config, pixels);
    long b = pixels.dim(0);
    long d = config.embedDim();
    long e = embeddingDim(config, weights);
    Function<String, Value> w = name -> EvaBackbone.weight(graph, weights, name);
    Value posEmbed = w.apply("pos_embed");
    long slots = (long) config.posEmbedGrid() * config.posEmbedGrid() + 1;
    if (posEmbed.dim(1) != slots) {
      throw new ShapeException(
          "pos_embed has "
              + posEmbed.dim(1)
              + " slots; the cls token needs its own slot "
              + "before the "
              + config.posEmbedGrid()
              + "x"
              + config.posEmbedGrid()
              + " grid ("
              + slots
              + " in all)");
    }
    requireShape(weights, CLS_TOKEN, 1, 1, d);
    Value cls = o.expand(o.add(w.apply(CLS_TOKEN), o.slice(posEmbed, 1, 0, 1)), b, 1, d);
    Value patches =
        o.add(
            EvaBackbone.patchTokens(o, config, w, pixels),
            EvaBackbone.positionEmbedding(o, config, posEmbed, grid.rows(), grid.cols()));
    Value x =
        EvaBackbone.encode(
            o, config, w, o.concat(1, cls, patches), linear, ActivationRecompute.AUTO);
    Value clsOut = o.reshape(o.slice(x, 1, 0, 1), b, d);
    Value bias = null;
    if (weights.containsKey(HEAD_BIAS)) {
      requireShape(weights, HEAD_BIAS, e);
      bias = w.apply(HEAD_BIAS);
    }
    return linear.apply(o, "head", clsOut, w.apply(HEAD_WEIGHT), bias);
  }

  /**
   * The embedding width E: the rows of {@code head.weight [E, D]}.
   *
   * @throws ShapeException if {@code head.weight} is missing or not {@code [E, D]}
   */
  public static long embeddingDim(EvaConfig config, Map<String, HostTensor> weights) {
    HostTensor head = weights.get(HEAD_WEIGHT);
    if (head == null || head.shape().length != 2 || head.shape()[1] != config.embedDim()) {
      throw new ShapeException(
          "the tower needs "
              + HEAD_WEIGHT
              + " [E, "
              + config.embedDim()
              + "], got "
              + (head == null ? "none" : Arrays.toString(head.shape()))
              + "; open the EVA-CLIP checkpoint with EvaLoadOptions.defaults().withVisualTower(true)");
    }
    return head.shape()[0];
  }

  private static void requireShape(Map<String, HostTensor> weights, String name, long... shape) {
    HostTensor t = weights.get(name);
    if (t == null || !Arrays.equals(t.shape(), shape)) {
      throw new ShapeException(
          "the tower needs "
              + name
              + " "
              + Arrays.toString(shape)
              + ", got "
              + (t == null ? "none" : Arrays.toString(t.shape()))
              + "; open the EVA-CLIP checkpoint with EvaLoadOptions.defaults().withVisualTower(true)");
    }
  }
}

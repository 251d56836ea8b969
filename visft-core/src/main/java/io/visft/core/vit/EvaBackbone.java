package io.visft.core.vit;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Int8Weights;
import io.visft.core.nn.LayerNorm;
import io.visft.core.nn.LinearResize;
import io.visft.core.nn.ResizeMatrices;
import io.visft.core.nn.ResizeMode;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The EVA Vision Transformer as a graph, with timm {@code Eva} semantics (DESIGN.md §1): patch
 * embedding, learned absolute position embedding whose cls slot is dropped and whose grid is
 * resized bicubically ({@code align_corners=False}) to the input's patch grid, EVA blocks, a final
 * LayerNorm, and the last-layer map as output. No cls token is used; {@link EvaClipTower} is the
 * variant with one.
 */
public final class EvaBackbone {
  /** The block linear weights that int8 frozen weights quantize. */
  private static final Pattern BLOCK_LINEAR =
      Pattern.compile("blocks\\.\\d+\\.(attn\\.qkv|attn\\.proj|mlp\\.fc1|mlp\\.fc2)\\.weight");

  private EvaBackbone() {}

  /**
   * Adds the backbone to {@code graph}.
   *
   * @param weights timm-named tensors without prefix ({@code patch_embed.proj.weight}, ...), F32,
   *     F16 or BF16; they become frozen weights of the graph, held as stored and bound from their
   *     buffers without copying
   * @param pixels {@code [B, 3, H, W]}, ImageNet-normalised, H and W multiples of the patch size
   * @param linear how linear layers are applied ({@link LinearLayer#PLAIN} or an adapter)
   * @return features {@code [B, D, H/p, W/p]}
   */
  public static Value build(
      Graph graph,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Value pixels,
      LinearLayer linear) {
    return build(graph, config, weights, pixels, linear, ActivationRecompute.AUTO);
  }

  /**
   * Like {@link #build(Graph, EvaConfig, Map, Value, LinearLayer)}, choosing whether a backward
   * pass through the blocks recomputes them ({@link ActivationRecompute}).
   */
  public static Value build(
      Graph graph,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Value pixels,
      LinearLayer linear,
      ActivationRecompute recompute) {
    Ops o = new Ops(graph);
    PatchGrid grid = patchGrid(config, pixels);
    long d = config.embedDim();
    Function<String, Value> w = name -> weight(graph, weights, name);
    Value tokens =
        o.add(
            patchTokens(o, config, w, pixels),
            positionEmbedding(o, config, w.apply("pos_embed"), grid.rows(), grid.cols()));
    Value x = encode(o, config, w, tokens, linear, recompute);
    // Reshapes infer the batch axis (-1) instead of naming it, so that an export can leave it
    // symbolic.
    return o.reshape(o.transpose(x, 0, 2, 1), -1, d, grid.rows(), grid.cols());
  }

  /**
   * The patch grid of {@code pixels [B, 3, H, W]}; a {@link ShapeException} for any other shape.
   */
  static PatchGrid patchGrid(EvaConfig config, Value pixels) {
    if (pixels.rank() != 4 || pixels.dim(1) != 3) {
      throw new ShapeException("pixel input must be [B, 3, H, W], got " + pixels.type());
    }
    return config.patchGrid((int) pixels.dim(2), (int) pixels.dim(3));
  }

  /**
   * The patch embedding of {@code pixels [B, 3, H, W]} as tokens {@code [B, h·w, D]}, row-major, no
   * positions.
   */
  static Value patchTokens(Ops o, EvaConfig config, Function<String, Value> w, Value pixels) {
    PatchGrid grid = patchGrid(config, pixels);
    int p = config.patchSize();
    Value patches =
        o.conv(
            pixels,
            w.apply("patch_embed.proj.weight"),
            w.apply("patch_embed.proj.bias"),
            new long[] {p, p},
            new long[] {0, 0, 0, 0});
    return o.transpose(o.reshape(patches, -1, config.embedDim(), grid.tokens()), 0, 2, 1);
  }

  /**
   * The blocks, then the final norm if the config has one: {@code [B, N, D]} to {@code [B, N, D]};
   * each block is a recomputed span when {@code recompute} says so for these tokens.
   */
  static Value encode(
      Ops o,
      EvaConfig config,
      Function<String, Value> w,
      Value tokens,
      LinearLayer linear,
      ActivationRecompute recompute) {
    boolean spans = recompute.recomputes(config, tokens.dim(0), tokens.dim(1));
    Value x = tokens;
    for (int i = 0; i < config.depth(); i++) {
      String prefix = "blocks." + i;
      EvaBlock block =
          new EvaBlock(
              prefix,
              config.embedDim(),
              config.numHeads(),
              config.mlpHiddenDim(),
              config.postNorm(),
              (float) config.layerNormEps());
      UnaryOperator<Value> body =
          in -> block.apply(o, in, name -> w.apply(prefix + "." + name), linear);
      x = spans ? o.graph().recomputedInBackward(prefix, x, body) : body.apply(x);
    }
    if (config.finalNorm()) {
      x =
          LayerNorm.apply(
              o, x, w.apply("norm.weight"), w.apply("norm.bias"), (float) config.layerNormEps());
    }
    return x;
  }

  /** {@code pos_embed [1, 1 + g², D]} without its cls slot, resized to {@code [1, gh·gw, D]}. */
  static Value positionEmbedding(Ops o, EvaConfig config, Value posEmbed, long gh, long gw) {
    int g = config.posEmbedGrid();
    long d = config.embedDim();
    long slots = posEmbed.dim(1);
    if (slots != (long) g * g + 1 && slots != (long) g * g) {
      throw new ShapeException(
          "pos_embed has "
              + slots
              + " slots; a "
              + g
              + "x"
              + g
              + " grid needs "
              + (g * g + 1)
              + " (with the cls slot) — check pos_embed_grid in the config");
    }
    Value gridTokens = slots == (long) g * g ? posEmbed : o.slice(posEmbed, 1, 1, slots);
    if (gh == g && gw == g) {
      return gridTokens;
    }
    Value map = o.transpose(o.reshape(gridTokens, g, g, d), 2, 0, 1);
    Value resized =
        LinearResize.apply(
            o,
            map,
            ResizeMatrices.axis(ResizeMode.BICUBIC, g, (int) gh),
            ResizeMatrices.axis(ResizeMode.BICUBIC, g, (int) gw));
    return o.reshape(o.transpose(o.reshape(resized, d, gh * gw), 1, 0), 1, gh * gw, d);
  }

  /**
   * The weights as the backbone holds them under {@code precision}: {@code weights} itself for
   * {@link FrozenWeights.Precision#FP32}; for {@link FrozenWeights.Precision#INT8} a new map in
   * which every block's linear weight ({@code attn.qkv}, {@code attn.proj}, {@code mlp.fc1}, {@code
   * mlp.fc2}) is quantized once ({@link Int8Weights}, its scale added beside it) and every other
   * weight (patch embedding, positions, norms, biases) is kept as stored. Quantizing an already
   * quantized map changes nothing.
   */
  public static Map<String, HostTensor> frozenWeights(
      Map<String, HostTensor> weights, FrozenWeights.Precision precision) {
    return precision == FrozenWeights.Precision.FP32
        ? weights
        : Int8Weights.quantizeSelected(weights, name -> BLOCK_LINEAR.matcher(name).matches());
  }

  /**
   * The graph weight {@code name} for one use site: bound from {@code weights} on first use and
   * held as stored; F32, F16 and BF16 weights are read as F32 through {@link FrozenWeights#read},
   * an int8 weight is returned as held, its scale bound beside it, for {@link
   * io.visft.core.nn.Linear}.
   */
  static Value weight(Graph graph, Map<String, HostTensor> weights, String name) {
    HostTensor t = weights.get(name);
    if (t == null) {
      throw new ShapeException(
          "backbone weight '"
              + name
              + "' is missing; load checkpoints through EvaWeightsFile, "
              + "which reports every missing key");
    }
    Value held = graph.find(name).orElseGet(() -> graph.weight(name, t));
    if (t.dtype() != DType.I8) {
      return FrozenWeights.read(new Ops(graph), held);
    }
    String scaleName = FrozenWeights.scaleName(name);
    HostTensor scale = weights.get(scaleName);
    if (scale == null) {
      throw new ShapeException(
          "int8 backbone weight '"
              + name
              + "' has no scale '"
              + scaleName
              + "'; quantize the "
              + "weights with EvaBackbone.frozenWeights, which adds each scale");
    }
    graph.find(scaleName).orElseGet(() -> graph.weight(scaleName, scale));
    return held;
  }
}

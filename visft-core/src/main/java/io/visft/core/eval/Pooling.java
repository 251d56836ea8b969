package io.visft.core.eval;

import com.google.common.base.Preconditions;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaClipTower;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaLoadOptions;
import io.visft.core.vit.LinearLayer;
import io.visft.core.vit.PatchGrid;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What an evaluation reads from the (adapted) EVA model: the dense map, its mean, the EVA-CLIP cls
 * embedding, or one vector per box. Each strategy adds the model and its pooling to a graph; all
 * are immutable and thread-safe.
 */
public sealed interface Pooling permits Pooling.Dense, Pooling.Mean, Pooling.Cls, Pooling.Roi {

  /** The pooling modes, for configuration and logs. */
  enum Mode {
    /** The last-layer map {@code [B, D, h, w]}. */
    DENSE,
    /** The map averaged over its cells, {@code [B, D]}. */
    MEAN,
    /** The EVA-CLIP vision tower's image embedding, {@code [B, E]}. */
    CLS,
    /** RoI-align pooled box vectors, {@code [K, D]}. */
    ROI
  }

  /** Which mode this is. */
  Mode mode();

  /**
   * Adds the model and this pooling to {@code graph}.
   *
   * @param weights as {@link io.visft.core.vit.EvaWeightsFile#weights()} holds them; {@link Cls}
   *     needs them loaded with {@link #loadOptions(EvaLoadOptions)}
   * @param pixels {@code [B, 3, H, W]}, H and W multiples of the patch size
   * @param linear how linear layers are applied ({@link LinearLayer#PLAIN} or an adapter)
   * @return the pooled output, shaped as its {@link Mode} says
   */
  Value build(
      Graph graph,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Value pixels,
      LinearLayer linear);

  /**
   * {@code options} adjusted to load what this pooling needs (the tower extras for {@link Cls}).
   */
  default EvaLoadOptions loadOptions(EvaLoadOptions options) {
    return options.withVisualTower(mode() == Mode.CLS);
  }

  /** The dense map, {@code [B, D, h, w]}. */
  static Pooling dense() {
    return new Dense();
  }

  /** The mean over the map's cells, {@code [B, D]}. */
  static Pooling mean() {
    return new Mean();
  }

  /** The EVA-CLIP image embedding, {@code [B, E]}. */
  static Pooling cls() {
    return new Cls();
  }

  /** One RoI-align vector per box for {@code boxes} boxes, {@code [K, D]}. */
  static Pooling roi(int boxes, RoiAlignConfig align) {
    return new Roi(boxes, align);
  }

  /** The dense map: {@link EvaBackbone}'s output as it is. */
  record Dense() implements Pooling {
    @Override
    public Mode mode() {
      return Mode.DENSE;
    }

    @Override
    public Value build(
        Graph graph,
        EvaConfig config,
        Map<String, HostTensor> weights,
        Value pixels,
        LinearLayer linear) {
      return EvaBackbone.build(graph, config, weights, pixels, linear);
    }
  }

  /** The mean of the dense map over its h·w cells. */
  record Mean() implements Pooling {
    @Override
    public Mode mode() {
      return Mode.MEAN;
    }

    @Override
    public Value build(
        Graph graph,
        EvaConfig config,
        Map<String, HostTensor> weights,
        Value pixels,
        LinearLayer linear) {
      return new Ops(graph)
          .reduceMean(EvaBackbone.build(graph, config, weights, pixels, linear), false, 2, 3);
    }
  }

  /** The EVA-CLIP vision tower: {@link EvaClipTower}. */
  record Cls() implements Pooling {
    @Override
    public Mode mode() {
      return Mode.CLS;
    }

    @Override
    public Value build(
        Graph graph,
        EvaConfig config,
        Map<String, HostTensor> weights,
        Value pixels,
        LinearLayer linear) {
      return EvaClipTower.build(graph, config, weights, pixels, linear);
    }
  }

  /**
   * RoI-align pooling of the dense map ({@link RoiPooling}); the boxes arrive as the sampling
   * matrix fed to the graph input {@link #SAMPLING_WEIGHTS}, computed by {@link #samplingWeights}.
   *
   * @param boxes K, the boxes per run, positive
   * @param align the RoI-align grid
   */
  record Roi(int boxes, RoiAlignConfig align) implements Pooling {
    /** The graph input holding the sampling matrix, F32 {@code [K, B·h·w]}. */
    public static final String SAMPLING_WEIGHTS = "roi_sampling_weights";

    /** Checks the ranges. */
    public Roi {
      Preconditions.checkArgument(boxes > 0, "boxes %s must be positive", boxes);
      Objects.requireNonNull(align, "align");
    }

    @Override
    public Mode mode() {
      return Mode.ROI;
    }

    @Override
    public Value build(
        Graph graph,
        EvaConfig config,
        Map<String, HostTensor> weights,
        Value pixels,
        LinearLayer linear) {
      Value map = EvaBackbone.build(graph, config, weights, pixels, linear);
      Value sampling =
          graph.input(SAMPLING_WEIGHTS, DType.F32, boxes, map.dim(0) * map.dim(2) * map.dim(3));
      return RoiPooling.pool(new Ops(graph), map, sampling);
    }

    /**
     * The feed for {@link #SAMPLING_WEIGHTS}.
     *
     * @param boxBatch F32 {@code [K, 5]}: batch index, x0, y0, x1, y1 in pixels of the input image
     * @param pixelShape the pixel input's shape {@code [B, 3, H, W]}
     * @return F32 {@code [K, B·h·w]} with spatial scale {@code 1 / patch}
     */
    public HostTensor samplingWeights(HostTensor boxBatch, EvaConfig config, long[] pixelShape) {
      Preconditions.checkArgument(
          boxBatch.shape().length == 2 && boxBatch.shape()[0] == boxes,
          "expected %s boxes, got shape %s",
          boxes,
          Arrays.toString(boxBatch.shape()));
      PatchGrid grid = config.patchGrid((int) pixelShape[2], (int) pixelShape[3]);
      return RoiAlignSampling.weights(
          boxBatch, (int) pixelShape[0], grid.rows(), grid.cols(), 1.0 / config.patchSize(), align);
    }
  }
}

package io.visft.heads;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.AdapterLayer;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.LinearLayer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The frozen backbone at the start of a head's training graph: a {@code pixel_values} input {@code
 * [B, 3, S, S]} through the EVA backbone to the feature map {@code [B, C, S/p, S/p]}, with plain
 * linear layers (stage 1) or with an adapter injected (stage 2, whose tensors become the graph's
 * trainable inputs). Each graph gets its own adapter layer from the supplier.
 *
 * @param config the backbone
 * @param weights its frozen weights, by timm name
 * @param adapter makes the adapter layer of one graph; null for stage 1 (no adapter)
 * @param recompute whether the blocks of a graph with an adapter keep their activations for the
 *     backward pass or recompute them there
 * @param precision what stage 1's frozen-weight products compute in (stage 2's adapter layer
 *     carries its own, e.g. {@code LoraLinearLayer(lora, seed, precision)})
 */
public record BackboneInput(
    EvaConfig config,
    Map<String, HostTensor> weights,
    Supplier<AdapterLayer> adapter,
    ActivationRecompute recompute,
    ComputePrecision precision) {

  /** F32 products ({@link ComputePrecision#FP32}). */
  public BackboneInput(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Supplier<AdapterLayer> adapter,
      ActivationRecompute recompute) {
    this(config, weights, adapter, recompute, ComputePrecision.FP32);
  }

  /**
   * Recomputes blocks when their stored activations would be large ({@link
   * ActivationRecompute#AUTO}).
   */
  public BackboneInput(
      EvaConfig config, Map<String, HostTensor> weights, Supplier<AdapterLayer> adapter) {
    this(config, weights, adapter, ActivationRecompute.AUTO);
  }

  /** The name of the image input. */
  public static final String PIXELS = "pixel_values";

  /**
   * The feature map and the adapter's trainable inputs (empty in stage 1).
   *
   * @param features F32 {@code [B, C, S/p, S/p]}
   */
  public record Built(Value features, Map<String, Value> trainable) {}

  /** A copy for stage 2, with {@code adapter} injected. */
  public BackboneInput withAdapter(Supplier<AdapterLayer> adapter) {
    return new BackboneInput(config, weights, adapter, recompute, precision);
  }

  /** Declares {@link #PIXELS} in {@code g} and builds the backbone after it. */
  public Built build(Graph g, int batch, int size) {
    Value pixels = g.input(PIXELS, DType.F32, batch, 3, size, size);
    if (adapter == null) {
      return new Built(
          EvaBackbone.build(g, config, weights, pixels, LinearLayer.plain(precision)), Map.of());
    }
    AdapterLayer layer = adapter.get();
    Value features = EvaBackbone.build(g, config, weights, pixels, layer, recompute);
    return new Built(features, layer.trainableInputs());
  }
}

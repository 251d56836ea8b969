package io.visft.lora;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.eval.Pooling;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.LinearLayer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An EVA backbone, with an optional LoRA adapter applied and a {@link Pooling} of its output (the
 * dense map by default), as a reusable {@link FeatureExtractor}: one ONNX Runtime session per
 * distinct input shape, opened on first use and kept until {@link #close()}. The adapter's values
 * are read when a session opens; later changes to the adapter are not seen. Not thread-safe.
 */
public final class BackboneExtractor implements FeatureExtractor, AutoCloseable {
  private final Pooling pooling;
  private final EvaConfig config;
  private final Map<String, HostTensor> weights;
  private final Lora lora;
  private final RuntimeOptions runtime;
  private final Map<List<Long>, GraphSession> sessions = new HashMap<>();

  /** The dense feature map; {@code lora} is the adapter to apply, or null for the base backbone. */
  public BackboneExtractor(
      EvaConfig config, Map<String, HostTensor> weights, Lora lora, RuntimeOptions runtime) {
    this(Pooling.dense(), config, weights, lora, runtime);
  }

  /** The backbone's output pooled by {@code pooling}; {@code lora} may be null. */
  public BackboneExtractor(
      Pooling pooling,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      RuntimeOptions runtime) {
    this.pooling = pooling;
    this.config = config;
    this.weights = EvaBackbone.frozenWeights(weights, runtime.frozenWeights());
    this.lora = lora;
    this.runtime = runtime;
  }

  /**
   * @param pixels {@code [B, 3, H, W]} F32, ImageNet-normalised; H and W multiples of the patch
   * @return the pooled output, e.g. {@code [B, D, H/p, W/p]} for the dense map
   */
  @Override
  public HostTensor features(HostTensor pixels) {
    GraphSession s =
        sessions.computeIfAbsent(
            Arrays.stream(pixels.shape()).boxed().toList(), k -> open(pixels.shape()));
    s.setInput("pixel_values", pixels);
    s.run();
    return s.outputCopy("features");
  }

  private GraphSession open(long[] shape) {
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, shape);
    LoraLinearLayer adapted =
        lora == null ? null : new LoraLinearLayer(lora, null, runtime.computePrecision());
    Value f =
        pooling.build(
            g,
            config,
            weights,
            px,
            adapted == null ? LinearLayer.plain(runtime.computePrecision()) : adapted);
    if (adapted != null) {
      adapted.requireAllSitesApplied();
    }
    GraphSession s =
        GraphSession.create(OnnxExporter.export(g, Map.of("features", f), Map.of()), runtime);
    if (lora != null) {
      lora.tensors().forEach(s::setInput);
    }
    return s;
  }

  @Override
  public void close() {
    sessions.values().forEach(GraphSession::close);
    sessions.clear();
  }
}

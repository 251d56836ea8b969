package io.visft.lora;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.eval.Pooling;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An EVA backbone with an optional LoRA adapter applied, run on ONNX Runtime: features, and the
 * gradients of {@code Σ features ⊙ cotangent} with respect to the adapter (the parity check users
 * run against PyTorch autograd).
 */
public final class AdaptedBackbone {
  private static final String GRADIENT_PREFIX = "grad/";

  private AdaptedBackbone() {}

  /**
   * Features {@code [B, D, H/p, W/p]} of {@code pixels [B, 3, H, W]}; {@code lora} may be null for
   * the base backbone.
   */
  public static HostTensor features(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      HostTensor pixels,
      RuntimeOptions runtime) {
    return run(Pooling.dense(), config, weights, lora, pixels, runtime);
  }

  /**
   * EVA-CLIP image embeddings {@code [B, E]} of {@code pixels [B, 3, H, W]} ({@link Pooling#cls()}:
   * cls token, blocks, head projection; not normalised); {@code weights} must hold the tower extras
   * ({@link io.visft.core.vit.EvaLoadOptions#withVisualTower(boolean)}), {@code lora} may be null.
   */
  public static HostTensor embeddings(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      HostTensor pixels,
      RuntimeOptions runtime) {
    return run(Pooling.cls(), config, weights, lora, pixels, runtime);
  }

  private static HostTensor run(
      Pooling pooling,
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      HostTensor pixels,
      RuntimeOptions runtime) {
    try (BackboneExtractor extractor =
        new BackboneExtractor(pooling, config, weights, lora, runtime)) {
      return extractor.features(pixels);
    }
  }

  /**
   * Gradients of {@code Σ features(pixels) ⊙ cotangent} with respect to every adapter tensor, named
   * like {@link Lora#tensors()}, with blocks recomputed in the backward pass when the stored
   * activations would be large ({@link ActivationRecompute#AUTO}).
   */
  public static Map<String, HostTensor> gradients(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      HostTensor pixels,
      HostTensor cotangent,
      RuntimeOptions runtime) {
    return gradients(config, weights, lora, pixels, cotangent, runtime, ActivationRecompute.AUTO);
  }

  /**
   * Gradients of {@code Σ features(pixels) ⊙ cotangent} with respect to every adapter tensor, named
   * like {@link Lora#tensors()}; {@code recompute} says whether blocks keep their activations or
   * recompute them in the backward pass (the gradients agree within float rounding); frozen-weight
   * products run in {@code runtime}'s compute precision.
   *
   * @param pixels {@code [B, 3, H, W]}
   * @param cotangent shaped like the features, {@code [B, D, H/p, W/p]}
   */
  public static Map<String, HostTensor> gradients(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      HostTensor pixels,
      HostTensor cotangent,
      RuntimeOptions runtime,
      ActivationRecompute recompute) {
    GradientGraph gg =
        gradientGraph(
            config,
            EvaBackbone.frozenWeights(weights, runtime.frozenWeights()),
            lora,
            pixels.shape(),
            recompute,
            runtime.computePrecision());
    try (GraphSession s =
        GraphSession.create(OnnxExporter.export(gg.graph(), gg.outputs(), Map.of()), runtime)) {
      s.setInput("pixel_values", pixels);
      s.setInput("cotangent", cotangent);
      lora.tensors().forEach(s::setInput);
      s.run();
      Map<String, HostTensor> out = new LinkedHashMap<>();
      gg.outputs()
          .keySet()
          .forEach(name -> out.put(name.substring(GRADIENT_PREFIX.length()), s.outputCopy(name)));
      return out;
    }
  }

  /**
   * The graph {@link #gradients} runs and its outputs, one {@code grad/<tensor>} per adapter
   * tensor.
   */
  record GradientGraph(Graph graph, Map<String, Value> outputs) {}

  static GradientGraph gradientGraph(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      long[] pixelShape,
      ActivationRecompute recompute,
      ComputePrecision precision) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixel_values", DType.F32, pixelShape);
    LoraLinearLayer linear = new LoraLinearLayer(lora, null, precision);
    Value f = EvaBackbone.build(g, config, weights, px, linear, recompute);
    linear.requireAllSitesApplied();
    Value ct = g.input("cotangent", DType.F32, f.shape());
    Value loss = o.reduceSum(o.mul(f, ct), false);
    Map<Value, Value> grads =
        Autodiff.gradients(loss, new ArrayList<>(linear.trainableInputs().values()));
    Map<String, Value> outputs = new LinkedHashMap<>();
    linear
        .trainableInputs()
        .forEach((name, v) -> outputs.put(GRADIENT_PREFIX + name, grads.get(v)));
    return new GradientGraph(g, outputs);
  }
}

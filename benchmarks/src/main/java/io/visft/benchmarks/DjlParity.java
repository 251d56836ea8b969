package io.visft.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.core.vit.LinearLayer;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs this library and the DJL peer ({@link DjlVit}) on the same random weights and pixels and
 * measures how far apart they are: the features of a forward pass, and the LoRA gradients (q and v,
 * rank r, non-zero B so that every matrix has a gradient) of {@code mean(features)}.
 */
final class DjlParity {
  private static final String FEATURES = "features";

  private DjlParity() {}

  /** Relative L2 distances, the worst over the compared tensors. */
  record Result(double features, double gradients, int gradientTensors) {
    /** Both distances are at most {@code tolerance}; a NaN distance is not within any. */
    boolean within(double tolerance) {
      return features <= tolerance && gradients <= tolerance;
    }
  }

  /**
   * @param batch images per batch, each {@code 3 × s × s} with {@code s = posEmbedGrid · patchSize}
   * @param withGradients also compare the LoRA gradients (rank {@code r}); otherwise {@link
   *     Result#gradients()} is 0
   */
  static Result compare(EvaConfig cfg, int batch, int r, boolean withGradients) {
    int side = cfg.posEmbedGrid() * cfg.patchSize();
    Map<String, HostTensor> weights = BenchmarkWeights.backbone(cfg, 1);
    float[] px = BenchmarkWeights.randomArray(new SplittableRandom(2), batch * 3 * side * side, 1);
    Lora lora =
        Lora.create(
            "parity",
            LoraConfig.visft().withRank(r).withAlpha(r * 2.0),
            EvaWeightNames.linearModules(cfg),
            3);
    SplittableRandom rnd = new SplittableRandom(4);
    Map<String, HostTensor> loraTensors = new LinkedHashMap<>();
    lora.tensors()
        .forEach(
            (name, t) ->
                loraTensors.put(
                    name,
                    BenchmarkWeights.random(rnd, name.endsWith("lora_B") ? 0.05 : 0.2, t.shape())));
    lora.load(loraTensors);
    double worstGrad = 0;
    int compared = 0;
    try (NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
        DjlVit peer =
            new DjlVit(
                m, cfg, weights, withGradients ? loraTensors : Map.of(), (float) lora.scaling())) {
      NDArray pixels = m.create(px, new Shape(batch, 3, side, side));
      if (!withGradients) {
        return new Result(
            Agreement.relative(
                peer.features(pixels).toFloatArray(), ourFeatures(cfg, weights, px, batch, side)),
            0,
            0);
      }
      Map<String, float[]> ourGrads = ourLoraGradients(cfg, weights, lora, px, batch, side);
      double featureError;
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray f = peer.features(pixels);
        featureError = Agreement.relative(f.toFloatArray(), ourGrads.get(FEATURES));
        gc.backward(f.mean());
      }
      for (Map.Entry<String, NDArray> e : peer.loraArrays().entrySet()) {
        float[] want = ourGrads.get(e.getKey());
        if (want == null) {
          throw new IllegalStateException(
              "this library computed no gradient for "
                  + e.getKey()
                  + "; it has "
                  + ourGrads.keySet().stream().limit(4).toList()
                  + " ("
                  + ourGrads.size()
                  + " in all)");
        }
        worstGrad =
            Math.max(
                worstGrad, Agreement.relative(e.getValue().getGradient().toFloatArray(), want));
        compared++;
      }
      return new Result(featureError, worstGrad, compared);
    }
  }

  /** This library's features {@code [B, D, g, g]}, flattened. */
  static float[] ourFeatures(
      EvaConfig cfg, Map<String, HostTensor> weights, float[] px, int batch, int side) {
    Graph g = new Graph();
    Value in = g.input("pixel_values", DType.F32, batch, 3, side, side);
    Value f = EvaBackbone.build(g, cfg, weights, in, LinearLayer.PLAIN);
    try (GraphSession s =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("features", f), Map.of()), RuntimeOptions.cpu())) {
      s.setInput("pixel_values", px);
      s.run();
      java.nio.FloatBuffer out = s.output("features");
      float[] a = new float[out.remaining()];
      out.get(a);
      return a;
    }
  }

  /**
   * This library's LoRA gradients of {@code mean(features)} by parameter name, and the adapted
   * features under {@link #FEATURES}.
   */
  private static Map<String, float[]> ourLoraGradients(
      EvaConfig cfg, Map<String, HostTensor> weights, Lora lora, float[] px, int batch, int side) {
    Graph g = new Graph();
    Value in = g.input("pixel_values", DType.F32, batch, 3, side, side);
    LoraLinearLayer linear = new LoraLinearLayer(lora, null);
    Value f = EvaBackbone.build(g, cfg, weights, in, linear);
    Value loss = new Ops(g).reduceMean(f, false, 0, 1, 2, 3);
    Parameters params = lora.trainableParameters();
    try (TrainingSession s =
        TrainingSession.create(
            loss, linear.trainableInputs(), Map.of(FEATURES, f), RuntimeOptions.cpu())) {
      s.step(params, Map.of("pixel_values", HostTensor.ofFloats(px, batch, 3, side, side)));
      Map<String, float[]> out = new LinkedHashMap<>();
      s.gradients().forEach((name, grad) -> out.put(name, grad.clone()));
      java.nio.FloatBuffer features = s.metric(FEATURES);
      float[] a = new float[features.remaining()];
      features.get(a);
      out.put(FEATURES, a);
      return out;
    }
  }
}

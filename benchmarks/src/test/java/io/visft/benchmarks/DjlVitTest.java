package io.visft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.visft.api.HostTensor;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The DJL peer's autograd does not depend on when the garbage collector runs. */
class DjlVitTest {
  private static final EvaConfig SMALL = new EvaConfig(64, 2, 4, 256, 16, 4, false, 1e-6, true);

  @Test
  void loraGradientsAreTheSameWhenACollectionRunsBetweenForwardAndBackward() throws Exception {
    Map<String, float[]> quiet = loraGradients(false);
    Map<String, float[]> collected = loraGradients(true);

    assertTrue(quiet.size() == 2 * 2 * SMALL.depth(), "A and B of q and v in every block");
    for (Map.Entry<String, float[]> e : quiet.entrySet()) {
      float[] g = e.getValue();
      double norm = 0;
      for (float v : g) {
        norm += (double) v * v;
      }
      assertTrue(norm > 0 && Double.isFinite(norm), e.getKey() + " has no usable gradient");
      assertArrayEquals(g, collected.get(e.getKey()), e.getKey() + " after a collection");
    }
  }

  /**
   * LoRA gradients of {@code mean(features)}; {@code collect} runs the collector before backward.
   */
  private static Map<String, float[]> loraGradients(boolean collect) throws InterruptedException {
    Map<String, HostTensor> weights = BenchmarkWeights.backbone(SMALL, 1);
    Lora lora =
        Lora.create(
            "gc",
            LoraConfig.visft().withRank(4).withAlpha(8),
            EvaWeightNames.linearModules(SMALL),
            3);
    SplittableRandom rnd = new SplittableRandom(4);
    Map<String, HostTensor> loraTensors = new LinkedHashMap<>();
    lora.tensors()
        .forEach((name, t) -> loraTensors.put(name, BenchmarkWeights.random(rnd, 0.2, t.shape())));
    int side = SMALL.posEmbedGrid() * SMALL.patchSize();
    float[] px = BenchmarkWeights.randomArray(new SplittableRandom(2), 2 * 3 * side * side, 1);
    Map<String, float[]> out = new LinkedHashMap<>();
    try (NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").getEngineName());
        DjlVit peer = new DjlVit(m, SMALL, weights, loraTensors, (float) lora.scaling())) {
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray f = peer.features(m.create(px, new Shape(2, 3, side, side)));
        if (collect) {
          for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
          }
        }
        gc.backward(f.mean());
      }
      peer.loraArrays().forEach((name, a) -> out.put(name, a.getGradient().toFloatArray()));
    }
    return out;
  }
}

package io.visft.benchmarks;

import io.visft.api.HostTensor;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaWeightNames;
import io.visft.lora.AdaptedBackbone;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What int8 frozen weights cost in accuracy at real widths: features of ViT-S/16 and ViT-B/16
 * (random weights from {@link BenchmarkWeights}, batch 2 at 224×224, LoRA r 8 on q and v with
 * random B) in int8 against fp32 (relative L2 error and cosine), and the LoRA gradients of {@code Σ
 * features ⊙ cotangent} (cosine of all gradients together, and the lowest per tensor).
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) io.visft.benchmarks.Int8Accuracy
 * </pre>
 */
public final class Int8Accuracy {
  private Int8Accuracy() {}

  public static void main(String[] args) {
    RuntimeOptions fp32 = RuntimeOptions.cpu();
    RuntimeOptions int8 = fp32.withFrozenWeights(FrozenWeights.Precision.INT8);
    System.out.println(
        "size     features_rel_err  features_cos  lora_grad_cos_all  lora_grad_cos_min");
    for (String size : args.length > 0 ? args : new String[] {"vit_s16", "vit_b16"}) {
      EvaConfig cfg = BackboneBenchmark.config(size);
      Map<String, HostTensor> weights = BenchmarkWeights.backbone(cfg, 1);
      Lora lora =
          Lora.create(
              "acc",
              LoraConfig.visft().withRank(8).withAlpha(8),
              EvaWeightNames.linearModules(cfg),
              1);
      SplittableRandom rnd = new SplittableRandom(3);
      Map<String, HostTensor> values = new LinkedHashMap<>();
      lora.tensors()
          .forEach((name, t) -> values.put(name, BenchmarkWeights.random(rnd, 0.05, t.shape())));
      lora.load(values);
      HostTensor pixels = BenchmarkWeights.random(new SplittableRandom(2), 1, 2, 3, 224, 224);
      float[] want = AdaptedBackbone.features(cfg, weights, lora, pixels, fp32).toFloatArray();
      HostTensor gotT = AdaptedBackbone.features(cfg, weights, lora, pixels, int8);
      float[] got = gotT.toFloatArray();
      HostTensor cotangent = BenchmarkWeights.random(new SplittableRandom(4), 1, gotT.shape());
      Map<String, HostTensor> g32 =
          AdaptedBackbone.gradients(cfg, weights, lora, pixels, cotangent, fp32);
      Map<String, HostTensor> g8 =
          AdaptedBackbone.gradients(cfg, weights, lora, pixels, cotangent, int8);
      double min = 1;
      double[] all = new double[3];
      for (String name : g32.keySet()) {
        float[] a = g32.get(name).toFloatArray();
        float[] b = g8.get(name).toFloatArray();
        min = Math.min(min, cosine(a, b, null));
        cosine(a, b, all);
      }
      System.out.printf(
          "%-8s %16.4f  %12.5f  %17.5f  %17.5f%n",
          size,
          Agreement.relative(got, want),
          cosine(want, got, null),
          all[0] / Math.sqrt(all[1] * all[2]),
          min);
    }
  }

  /**
   * The cosine of {@code a} and {@code b}; adds the dot product and both squared norms to {@code
   * sums} if given.
   */
  static double cosine(float[] a, float[] b, double[] sums) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    if (sums != null) {
      sums[0] += dot;
      sums[1] += na;
      sums[2] += nb;
    }
    return dot / Math.sqrt(na * nb);
  }
}

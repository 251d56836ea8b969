package io.visft.benchmarks;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.HalfFloats;
import io.visft.core.io.TensorConversions;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaLoadOptions;
import io.visft.core.vit.EvaWeightNames;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.core.vit.LinearLayer;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Peak resident memory and time of one case per JVM: {@code features} (forward) or {@code lora}
 * (forward and the LoRA gradients of {@code Σ features ⊙ cotangent}, r 64 on q and v, as {@code
 * visft lora grad} computes them) of an EVA backbone read from an F16 safetensors file, at a given
 * batch and 224×224. Peak memory is the process's {@code VmHWM} (so run each case in a fresh JVM);
 * it includes the JVM, the mapped checkpoint pages touched and ONNX Runtime's arena.
 *
 * <pre>
 * java -cp … io.visft.benchmarks.MemoryBenchmark write  /tmp/eva-g-f16.safetensors eva-vit-g-14
 * java -cp … io.visft.benchmarks.MemoryBenchmark features /tmp/eva-g-f16.safetensors eva-vit-g-14 1 held
 * java -cp … io.visft.benchmarks.MemoryBenchmark lora     /tmp/eva-g-f16.safetensors eva-vit-g-14 1 held recompute
 * </pre>
 *
 * The fifth argument is {@code held} (weights kept as stored, F16) or {@code widened} (every weight
 * widened to F32 at load, as before 16-bit weights were held); an optional sixth, {@code
 * recompute}, recomputes each block in the backward pass ({@link ActivationRecompute#ON}; default:
 * stored activations). The architecture is a preset name ({@code eva-vit-g-14}: EVA-ViT-G/14, 1408
 * wide, 40 blocks) or a JSON config path.
 */
public final class MemoryBenchmark {
  private static final int IMAGE = 224;

  private MemoryBenchmark() {}

  public static void main(String[] args) throws IOException {
    String mode = args[0];
    Path file = Path.of(args[1]);
    EvaConfig config = EvaConfig.resolve(args[2]);
    if (mode.equals("write")) {
      write(file, config);
      return;
    }
    int batch = Integer.parseInt(args[3]);
    boolean widen = args[4].equals("widened");
    ActivationRecompute recompute =
        args.length > 5 && args[5].equals("recompute")
            ? ActivationRecompute.ON
            : ActivationRecompute.OFF;
    long t0 = System.nanoTime();
    try (EvaWeightsFile ckpt = EvaWeightsFile.open(file, config, EvaLoadOptions.defaults())) {
      Map<String, HostTensor> weights = ckpt.weights();
      if (widen) {
        Map<String, HostTensor> wide = new LinkedHashMap<>();
        weights.forEach((k, v) -> wide.put(k, TensorConversions.toF32(v, k)));
        weights = wide;
      }
      HostTensor pixels =
          BenchmarkWeights.random(new SplittableRandom(1), 1, batch, 3, IMAGE, IMAGE);
      Map<String, HostTensor> inputs = new LinkedHashMap<>();
      inputs.put("pixels", pixels);
      Graph g = new Graph();
      Ops o = new Ops(g);
      Value px = g.input("pixels", DType.F32, pixels.shape());
      Map<String, Value> outputs = new LinkedHashMap<>();
      if (mode.equals("features")) {
        outputs.put("features", EvaBackbone.build(g, config, weights, px, LinearLayer.PLAIN));
      } else {
        Lora lora = Lora.create("bench", LoraConfig.visft().withRank(64), qkvModules(config), 1);
        LoraLinearLayer linear = new LoraLinearLayer(lora, null);
        Value f = EvaBackbone.build(g, config, weights, px, linear, recompute);
        Value cotangent = g.input("cotangent", DType.F32, f.shape());
        inputs.put("cotangent", BenchmarkWeights.random(new SplittableRandom(2), 1, f.shape()));
        Value loss = o.reduceSum(o.mul(f, cotangent), false);
        Map<Value, Value> grads =
            Autodiff.gradients(loss, new ArrayList<>(linear.trainableInputs().values()));
        outputs.put("loss", loss);
        linear.trainableInputs().forEach((name, v) -> outputs.put("grad/" + name, grads.get(v)));
        inputs.putAll(lora.tensors());
      }
      try (GraphSession s =
          GraphSession.create(OnnxExporter.export(g, outputs, Map.of()), RuntimeOptions.cpu())) {
        double setup = seconds(t0);
        inputs.forEach(s::setInput);
        long t1 = System.nanoTime();
        s.run();
        double first = seconds(t1);
        String activations = recompute == ActivationRecompute.ON ? "recompute" : "stored";
        String run =
            String.format(
                Locale.ROOT,
                "%s batch %d %s %s: setup %.1f s, first run %.1f s",
                mode,
                batch,
                args[4],
                activations,
                setup,
                first);
        System.out.printf(Locale.ROOT, "%s, peak RSS %.2f GiB%n", run, peakGib());
        long t2 = System.nanoTime();
        s.run();
        double second = seconds(t2);
        System.out.printf(
            Locale.ROOT, "%s, second run %.1f s, peak RSS %.2f GiB%n", run, second, peakGib());
      }
    }
  }

  private static Map<String, long[]> qkvModules(EvaConfig config) {
    Map<String, long[]> modules = new LinkedHashMap<>();
    for (int i = 0; i < config.depth(); i++) {
      modules.put(
          "blocks." + i + ".attn.qkv", new long[] {3L * config.embedDim(), config.embedDim()});
    }
    return modules;
  }

  /** Random F16 weights of {@code config} (norms near 1, the rest within ±0.02). */
  private static void write(Path file, EvaConfig config) {
    SplittableRandom rnd = new SplittableRandom(5);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    EvaWeightNames.expectedShapes(config)
        .forEach(
            (name, shape) -> {
              int n = Math.toIntExact(HostTensor.numel(shape));
              ByteBuffer b = ByteBuffer.allocateDirect(2 * n).order(ByteOrder.LITTLE_ENDIAN);
              float center = name.contains("norm") && name.endsWith("weight") ? 1f : 0f;
              for (int i = 0; i < n; i++) {
                b.putShort(HalfFloats.floatToF16(center + (float) rnd.nextDouble(-0.02, 0.02)));
              }
              tensors.put(name, new HostTensor(DType.F16, shape, b.flip()));
            });
    SafetensorsWriter.write(file, tensors, Map.of());
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** {@code VmHWM} of this process in GiB. */
  private static double peakGib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / (1024.0 * 1024.0);
      }
    }
    throw new IllegalStateException("/proc/self/status has no VmHWM line");
  }
}

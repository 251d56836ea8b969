import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.Task;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.HeadTasks;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.core.train.TrainingTask;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.core.vit.EvaWeightNames;
import io.visft.core.vit.LinearLayer;
import io.visft.heads.pipeline.HeadSizes;
import io.visft.heads.pipeline.ViSFTHeads;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import io.visft.lora.format.PeftLoraFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The device checks of the GPU kit, one mode per call (tools/gpu/device-run.sh runs them in order):
 *
 * <ul>
 *   <li>{@code compare}: CUDA against CPU on the same inputs (backbone features of a pre-norm and a
 *       res-post-norm backbone on a non-square input, LoRA gradients, one stage-2 step of each
 *       head: loss and gradients), fp32, ONNX Runtime's CUDA defaults (TF32 on), tolerance 1e-3
 *       relative (‖cuda − cpu‖ / ‖cpu‖). Without CUDA the CPU side runs and the CUDA side reports
 *       "not run".
 *   <li>{@code mixed}: mixed precision (frozen-weight products in FP16 and in BF16 on CUDA, norms,
 *       softmax, loss and LoRA in F32) against CPU fp32 on the same inputs: LoRA gradients and loss
 *       of a pre-norm backbone, within {@value #FP16_BOUND} (FP16) and {@value #BF16_BOUND} (BF16)
 *       relative; and the CPU provider's refusal of 16-bit precision. Without CUDA the CUDA side
 *       reports "not run".
 *   <li>{@code time-step DEVICE DEPTH BATCH PEAK_TFLOPS [fp32|fp16|bf16]}: an EVA-ViT-G-wide LoRA
 *       step (1408 wide, r 64 on q and v, 224×224) in that compute precision (fp32 by default),
 *       median ms, model FLOP/s and utilisation against the peak given.
 *   <li>{@code time-vitb DEVICE BATCH}: a ViT-B/16 forward at 224×224, median ms.
 *   <li>{@code peft-export DIR DEPTH}: EVA-G-wide weights (DEPTH blocks), a LoRA in PEFT's folder
 *       layout (the writer {@code visft lora convert} uses), pixels and this library's features on
 *       the CPU provider, for tools/gpu/peft_check.py.
 * </ul>
 */
public final class DeviceChecks {
  static final double TOLERANCE = 1e-3;
  static final double FP16_BOUND = 5e-3;
  static final double BF16_BOUND = 3e-2;
  private static int failures;

  private DeviceChecks() {}

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "compare" -> compare();
      case "mixed" -> mixed();
      case "time-step" ->
          timeStep(
              args[1],
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Double.parseDouble(args[4]),
              ComputePrecision.parse(args.length > 5 ? args[5] : "fp32", "precision"));
      case "time-vitb" -> timeVitB(args[1], Integer.parseInt(args[2]));
      case "peft-export" -> peftExport(Path.of(args[1]), Integer.parseInt(args[2]));
      default -> {
        System.err.println(
            "usage: DeviceChecks compare | mixed | time-step cpu|cuda DEPTH BATCH PEAK_TFLOPS [fp32|fp16|bf16]"
                + " | time-vitb cpu|cuda BATCH | peft-export DIR DEPTH");
        System.exit(2);
      }
    }
    System.exit(failures == 0 ? 0 : 1);
  }

  // ---------------------------------------------------------------- compare

  private static void compare() throws Exception {
    String cudaMissing = cudaUnavailable();
    System.out.println(
        "[compare] fp32, ONNX Runtime CUDA provider defaults (TF32 on), tolerance "
            + TOLERANCE
            + " relative; CUDA "
            + (cudaMissing == null ? "available" : "not run: " + cudaMissing));
    EvaConfig pre = new EvaConfig(192, 4, 3, 768, 14, 16, false, 1e-6, true);
    EvaConfig post = new EvaConfig(192, 4, 3, 768, 14, 16, true, 1e-6, true);
    for (EvaConfig cfg : List.of(pre, post)) {
      String name = "features " + (cfg.postNorm() ? "post-norm" : "pre-norm") + " 2x3x224x168";
      Function<RuntimeOptions, Map<String, float[]>> run =
          rt -> Map.of("features", features(cfg, rt));
      check(name, run, cudaMissing);
    }
    check(
        "LoRA gradients (pre-norm, r 8 q and v, 2x3x224x168)",
        DeviceChecks::loraGradients,
        cudaMissing);
    for (Task task : Task.values()) {
      check("stage-2 step " + task, rt -> stage2(task, rt), cudaMissing);
    }
  }

  // ---------------------------------------------------------------- mixed precision

  private static void mixed() {
    String cudaMissing = cudaUnavailable();
    System.out.println(
        "[mixed] LoRA gradients and loss (pre-norm 192 wide, 4 blocks, r 8 q and v, 2x3x224x168) with"
            + " 16-bit frozen-weight products on CUDA against fp32 on CPU; CUDA "
            + (cudaMissing == null ? "available" : "not run: " + cudaMissing));
    for (ComputePrecision p : List.of(ComputePrecision.FP16, ComputePrecision.BF16)) {
      try {
        RuntimeOptions.cpu().withComputePrecision(p);
        System.out.println("FAIL  CPU accepted compute precision " + p.configName());
        failures++;
      } catch (ConfigException e) {
        System.out.println("PASS  CPU refuses " + p.configName() + ": " + e.getMessage());
      }
    }
    long t0 = System.nanoTime();
    Map<String, float[]> cpu = loraGradients(RuntimeOptions.cpu());
    System.out.printf(
        "CPU   fp32 LoRA gradients ran (%d tensors, %.1f s)%n",
        cpu.size(), (System.nanoTime() - t0) / 1e9);
    for (ComputePrecision p : List.of(ComputePrecision.FP16, ComputePrecision.BF16)) {
      String name = "mixed " + p.configName() + " LoRA gradients vs CPU fp32";
      if (cudaMissing != null) {
        System.out.println("CUDA  " + name + ": not run: " + cudaMissing);
        continue;
      }
      Map<String, float[]> cuda = loraGradients(RuntimeOptions.cuda(0).withComputePrecision(p));
      double worst = 0;
      String worstName = "";
      for (Map.Entry<String, float[]> e : cpu.entrySet()) {
        float[] c = cuda.get(e.getKey());
        double rel = c == null ? Double.POSITIVE_INFINITY : relative(c, e.getValue());
        if (!(rel <= worst)) {
          worst = rel;
          worstName = e.getKey();
        }
      }
      double bound = p == ComputePrecision.FP16 ? FP16_BOUND : BF16_BOUND;
      boolean ok = worst <= bound && worst > 0;
      if (!ok) {
        failures++;
      }
      System.out.printf(
          "%s  %-58s max rel %.3g (%s), bound %.0e%s%n",
          ok ? "PASS" : "FAIL",
          name,
          worst,
          worstName,
          bound,
          worst == 0 ? " (identical to fp32: nothing ran in 16 bits)" : "");
    }
  }

  /** The reason CUDA cannot run here, or null when a CUDA session opens. */
  private static String cudaUnavailable() {
    try {
      features(new EvaConfig(32, 1, 2, 64, 14, 16, false, 1e-6, true), RuntimeOptions.cuda(0));
      return null;
    } catch (RuntimeException | LinkageError e) {
      String m = String.valueOf(e.getMessage());
      return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
  }

  private static void check(
      String name, Function<RuntimeOptions, Map<String, float[]>> run, String cudaMissing) {
    long t0 = System.nanoTime();
    Map<String, float[]> cpu = run.apply(RuntimeOptions.cpu());
    double cpuNorm = norm(cpu);
    System.out.printf(
        "CPU   %-58s ran (%d tensors, |cpu| %.4g, %.1f s)%n",
        name, cpu.size(), cpuNorm, (System.nanoTime() - t0) / 1e9);
    if (!Double.isFinite(cpuNorm) || cpuNorm == 0) {
      System.out.println("FAIL  " + name + ": the CPU result is zero or not finite");
      failures++;
      return;
    }
    if (cudaMissing != null) {
      System.out.println("CUDA  " + name + ": not run: " + cudaMissing);
      return;
    }
    Map<String, float[]> cuda = run.apply(RuntimeOptions.cuda(0));
    double worst = 0;
    String worstName = "";
    for (Map.Entry<String, float[]> e : cpu.entrySet()) {
      float[] c = cuda.get(e.getKey());
      double rel = c == null ? Double.POSITIVE_INFINITY : relative(c, e.getValue());
      if (!(rel <= worst)) {
        worst = rel;
        worstName = e.getKey();
      }
    }
    boolean ok = worst <= TOLERANCE;
    if (!ok) {
      failures++;
    }
    System.out.printf(
        "%s  %-58s max rel %.3g (%s)%n", ok ? "PASS" : "FAIL", name, worst, worstName);
  }

  private static float[] features(EvaConfig cfg, RuntimeOptions rt) {
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, 2, 3, 224, 168);
    Value f = EvaBackbone.build(g, cfg, EvaInit.random(cfg, 11), px, LinearLayer.PLAIN);
    GraphSession s =
        GraphSession.create(OnnxExporter.export(g, Map.of("features", f), Map.of()), rt);
    try {
      s.setInput("pixel_values", random(new SplittableRandom(5), 2 * 3 * 224 * 168, 1));
      s.run();
      return s.outputCopy("features").toFloatArray();
    } finally {
      s.close();
    }
  }

  private static Map<String, float[]> loraGradients(RuntimeOptions rt) {
    EvaConfig cfg = new EvaConfig(192, 4, 3, 768, 14, 16, false, 1e-6, true);
    Lora lora = randomLora(cfg, 8, 16);
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixel_values", DType.F32, 2, 3, 224, 168);
    LoraLinearLayer linear = new LoraLinearLayer(lora, null, rt.computePrecision());
    Value f = EvaBackbone.build(g, cfg, EvaInit.random(cfg, 11), px, linear);
    Value loss = o.reduceMean(o.mul(f, f), false, 0, 1, 2, 3);
    Parameters params = lora.trainableParameters();
    TrainingSession s = TrainingSession.create(loss, linear.trainableInputs(), Map.of(), rt);
    try {
      double l =
          s.step(
              params,
              Map.of(
                  "pixel_values",
                  HostTensor.ofFloats(
                      random(new SplittableRandom(5), 2 * 3 * 224 * 168, 1), 2, 3, 224, 168)));
      Map<String, float[]> out = new TreeMap<>(s.gradients());
      out.put("loss", new float[] {(float) l});
      return out;
    } finally {
      s.close();
    }
  }

  private static Map<String, float[]> stage2(Task task, RuntimeOptions rt) {
    EvaConfig cfg = new EvaConfig(96, 4, 4, 256, 14, 8, false, 1e-6, true);
    try {
      Path dir = Files.createTempDirectory("visft-device-stage2");
      SyntheticDataset data =
          new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(7, 32)).generate(dir);
      ImageCaptionSet captions = ImageCaptionSet.load(data.captionsJson(), data.imageDir(), 112);
      InstanceSet instances = InstanceSet.load(data.instancesJson(), data.imageDir(), 112);
      Lora lora = randomLora(cfg, 8, 8);
      ViSFTHeads heads =
          ViSFTHeads.builder()
              .backbone(cfg, EvaInit.random(cfg, 7))
              .captions(captions)
              .instances(instances)
              .tasks(List.of(task))
              .adapter(() -> new LoraLinearLayer(lora, null))
              .headSizes(HeadSizes.SMALL)
              .batchSize(4)
              .augment(true)
              .seed(7)
              .runtime(rt)
              .build();
      HeadTasks h = heads.all().get(0);
      TrainingTask t = h.stage2();
      try {
        double loss = t.step(lora.trainableParameters(), 0);
        Map<String, float[]> out = new TreeMap<>(t.gradients());
        out.put("loss", new float[] {(float) loss});
        return out;
      } finally {
        t.close();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A LoRA on q and v of every block with A and B drawn at random (B is zero at initialisation).
   */
  private static Lora randomLora(EvaConfig cfg, int rank, double alpha) {
    Lora lora =
        Lora.create(
            "device",
            LoraConfig.visft().withRank(rank).withAlpha(alpha),
            EvaWeightNames.linearModules(cfg),
            3);
    SplittableRandom rnd = new SplittableRandom(13);
    Map<String, HostTensor> values = new LinkedHashMap<>();
    lora.tensors()
        .forEach(
            (k, t) ->
                values.put(
                    k,
                    HostTensor.ofFloats(
                        random(rnd, (int) HostTensor.numel(t.shape()), 0.05), t.shape())));
    lora.load(values);
    return lora;
  }

  // ---------------------------------------------------------------- timings

  private static void timeStep(
      String device, int depth, int batch, double peakTflops, ComputePrecision precision) {
    EvaConfig cfg = EvaConfig.evaVitG14().withDepth(depth);
    RuntimeOptions rt = RuntimeOptions.parse(device).withComputePrecision(precision);
    Lora lora =
        Lora.create(
            "step",
            LoraConfig.visft().withRank(64).withAlpha(64),
            EvaWeightNames.linearModules(cfg),
            1);
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value px = g.input("pixel_values", DType.F32, batch, 3, 224, 224);
    LoraLinearLayer linear = new LoraLinearLayer(lora, null, precision);
    Value f = EvaBackbone.build(g, cfg, EvaInit.random(cfg, 1), px, linear);
    Value loss = o.reduceMean(f, false, 0, 1, 2, 3);
    Parameters params = lora.trainableParameters();
    long t0 = System.nanoTime();
    TrainingSession s = TrainingSession.create(loss, linear.trainableInputs(), Map.of(), rt);
    System.out.printf("[time-step] session created in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    try {
      Map<String, HostTensor> batchIn =
          Map.of(
              "pixel_values",
              HostTensor.ofFloats(
                  random(new SplittableRandom(2), batch * 3 * 224 * 224, 1), batch, 3, 224, 224));
      s.step(params, batchIn);
      s.step(params, Map.of());
      double[] ms = new double[5];
      for (int i = 0; i < ms.length; i++) {
        long a = System.nanoTime();
        s.step(params, Map.of());
        ms[i] = (System.nanoTime() - a) / 1e6;
      }
      Arrays.sort(ms);
      double median = ms[ms.length / 2];
      double fwd = forwardFlops(cfg, 224, 224) * batch;
      double model = 2 * fwd;
      double achieved = model / (median / 1e3);
      String mfu =
          peakTflops > 0
              ? String.format(
                  "MFU %.1f%% of %.1f TFLOP/s", 100 * achieved / (peakTflops * 1e12), peakTflops)
              : "MFU n/a (no GPU peak)";
      System.out.printf(
          "[time-step] EVA-G-wide LoRA step on %s, "
              + precision.configName()
              + " products: depth %d, r 64 q+v, batch %d, 224x224: median %.1f ms"
              + " (of %s); model FLOPs %.3g (2 x forward %.3g: forward + activation gradients, frozen weights)"
              + " -> %.2f TFLOP/s, %s%n",
          device,
          depth,
          batch,
          median,
          Arrays.toString(ms),
          model,
          fwd,
          achieved / 1e12,
          mfu);
    } finally {
      s.close();
    }
  }

  private static void timeVitB(String device, int batch) {
    EvaConfig cfg = new EvaConfig(768, 12, 12, 3072, 16, 14, false, 1e-6, true);
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, batch, 3, 224, 224);
    Value f = EvaBackbone.build(g, cfg, EvaInit.random(cfg, 1), px, LinearLayer.PLAIN);
    GraphSession s =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("features", f), Map.of()), RuntimeOptions.parse(device));
    try {
      s.setInput("pixel_values", random(new SplittableRandom(2), batch * 3 * 224 * 224, 1));
      s.run();
      s.run();
      double[] ms = new double[10];
      for (int i = 0; i < ms.length; i++) {
        long a = System.nanoTime();
        s.run();
        ms[i] = (System.nanoTime() - a) / 1e6;
      }
      Arrays.sort(ms);
      double fwd = forwardFlops(cfg, 224, 224) * batch;
      System.out.printf(
          "[time-vitb] ViT-B/16 forward on %s, batch %d, 224x224: median %.2f ms (%.1f images/s,"
              + " %.1f TFLOP/s)%n",
          device, batch, ms[5], batch * 1e3 / ms[5], fwd / (ms[5] / 1e3) / 1e12);
    } finally {
      s.close();
    }
  }

  /** Multiply-adds × 2 of one image's forward: patch embedding, qkv, attention, projection, MLP. */
  static double forwardFlops(EvaConfig c, int h, int w) {
    double n = (double) (h / c.patchSize()) * (w / c.patchSize());
    double d = c.embedDim();
    double patch = 2 * n * d * 3 * c.patchSize() * c.patchSize();
    double block =
        2 * n * d * 3 * d + 2 * 2 * n * n * d + 2 * n * d * d + 2 * 2 * n * d * c.mlpHiddenDim();
    return patch + c.depth() * block;
  }

  // ---------------------------------------------------------------- PEFT / timm export

  private static void peftExport(Path dir, int depth) {
    EvaConfig cfg = EvaConfig.evaVitG14().withDepth(depth);
    Map<String, HostTensor> weights = EvaInit.random(cfg, 21);
    Lora lora = randomLora(cfg, 64, 128);
    Path peft = dir.resolve("peft");
    try {
      Files.createDirectories(peft);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    SafetensorsWriter.write(dir.resolve("backbone.safetensors"), weights, Map.of());
    PeftLoraFormat.write(lora, peft);
    int batch = 2;
    float[] pixels = random(new SplittableRandom(17), batch * 3 * 224 * 224, 1);
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, batch, 3, 224, 224);
    LoraLinearLayer linear = new LoraLinearLayer(lora, null);
    Value f = EvaBackbone.build(g, cfg, weights, px, linear);
    GraphSession s =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("features", f), Map.of()), RuntimeOptions.cpu());
    try {
      s.setInput("pixel_values", pixels);
      Parameters params = lora.trainableParameters();
      // The LoRA matrices are graph inputs (they are trained); an inference run feeds their values.
      linear.trainableInputs().forEach((name, input) -> s.setInput(input.name(), params.get(name)));
      s.run();
      Map<String, HostTensor> out = new LinkedHashMap<>();
      out.put("pixel_values", HostTensor.ofFloats(pixels, batch, 3, 224, 224));
      out.put("features", s.outputCopy("features"));
      SafetensorsWriter.write(
          dir.resolve("features.safetensors"),
          out,
          Map.of("depth", Integer.toString(depth), "embed_dim", Integer.toString(cfg.embedDim())));
    } finally {
      s.close();
    }
    List<String> files = new ArrayList<>();
    for (String name :
        List.of(
            "backbone.safetensors",
            "features.safetensors",
            "peft/adapter_config.json",
            "peft/adapter_model.safetensors")) {
      files.add(name + " " + dir.resolve(name).toFile().length() + " B");
    }
    System.out.println(
        "[peft-export] EVA-G-wide, depth "
            + depth
            + ", LoRA r 64 q+v: wrote "
            + files
            + " to "
            + dir);
  }

  // ---------------------------------------------------------------- helpers

  private static float[] random(SplittableRandom rnd, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextDouble(-1, 1) * scale);
    }
    return a;
  }

  private static double norm(Map<String, float[]> m) {
    double s = 0;
    for (float[] a : m.values()) {
      for (float x : a) {
        s += (double) x * x;
      }
    }
    return Math.sqrt(s);
  }

  private static double relative(float[] got, float[] want) {
    if (got.length != want.length) {
      return Double.POSITIVE_INFINITY;
    }
    double d = 0;
    double r = 0;
    for (int i = 0; i < got.length; i++) {
      double e = (double) got[i] - want[i];
      d += e * e;
      r += (double) want[i] * want[i];
    }
    return r == 0 ? (d == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(d / r);
  }
}

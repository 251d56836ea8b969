package io.visft.examples.demo;

import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.folder.ImageFolderDataset;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.FeatureExtractor;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.FewShotEvaluation;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaInit;
import io.visft.examples.train.InDomainMetrics;
import io.visft.examples.train.TrainConfig;
import io.visft.examples.train.TrainRun;
import io.visft.lora.BackboneExtractor;
import io.visft.lora.MergedExport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main job on embedded defaults: synthetic COCO-format data, a small EVA-style backbone, stage
 * 1 (captioning, detection and segmentation heads, each on the frozen backbone), stage 2 (LoRA on q
 * and v with the heads frozen, one task per step by the paper's ratios), then a table of in-domain
 * metrics and an out-of-domain few-shot probe for the base and the adapted backbone, and the
 * artifacts (PEFT adapter, heads, merged ONNX model).
 */
public final class Demo {

  /** What the demo measured and wrote. */
  public record Result(
      InDomainMetrics stage1,
      InDomainMetrics stage2,
      int probeWays,
      ConfidenceInterval probeBase,
      ConfidenceInterval probeAdapted,
      Map<String, double[]> stage1Losses,
      double[] stage2Losses,
      Path adapter,
      Map<String, Path> heads,
      Path onnx,
      double seconds) {}

  private Demo() {}

  public static Result run(DemoConfig c, PrintStream out) {
    long t0 = System.nanoTime();
    Path data = c.output().resolve("data");
    out.println("1/5 generating synthetic COCO-format data in " + data);
    SyntheticDataset train =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(c.seed(), c.trainImages()))
            .generate(data.resolve("train"));
    SyntheticDataset val =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(c.seed() + 1, c.validationImages()))
            .generate(data.resolve("val"));
    SyntheticDataset heldOut =
        new SyntheticCocoGenerator(SyntheticCocoConfig.heldOut(c.seed() + 2, c.heldOutImages()))
            .generate(data.resolve("held-out"));
    ImageCaptionSet valCaptions =
        ImageCaptionSet.load(val.captionsJson(), val.imageDir(), c.imageSize());
    InstanceSet valInstances = InstanceSet.load(val.instancesJson(), val.imageDir(), c.imageSize());
    ImageFolderDataset probeImages = ImageFolderDataset.open(heldOut.imageDir());

    out.println("2/5 building the backbone " + c.backbone());
    Path backboneDir = c.output().resolve("backbone");
    c.backbone().writeJson(backboneDir.resolve("backbone.json"));
    SafetensorsWriter.write(
        backboneDir.resolve("backbone.safetensors"),
        EvaInit.random(c.backbone(), c.seed()),
        Map.of("visft.note", "randomly initialised demo backbone"));
    TrainConfig config = trainConfig(c, backboneDir, train);

    try (TrainRun run = TrainRun.open(config)) {
      out.println(
          "3/5 stage 1: training the captioning, detection and segmentation heads on the frozen backbone");
      Map<String, double[]> s1 = run.stage1(System.err);
      InDomainMetrics before;
      ConfidenceInterval base;
      try (BackboneExtractor extractor =
          new BackboneExtractor(run.backbone(), run.weights(), null, run.runtime())) {
        before =
            InDomainMetrics.measure(
                run.heads(), extractor, valCaptions, valInstances, run.runtime());
        base = probe(c, extractor, probeImages, "embed base");
      }

      out.println("4/5 stage 2: training LoRA (q, v) with the heads frozen");
      double[] s2 = run.stage2(System.err);
      InDomainMetrics after;
      ConfidenceInterval adapted;
      try (BackboneExtractor extractor =
          new BackboneExtractor(run.backbone(), run.weights(), run.lora(), run.runtime())) {
        after =
            InDomainMetrics.measure(
                run.heads(), extractor, valCaptions, valInstances, run.runtime());
        adapted = probe(c, extractor, probeImages, "embed adapted");
      }

      out.println(
          "5/5 writing the merged ONNX model (the adapter and the heads are written by the stages)");
      Map<String, Path> headFiles = new LinkedHashMap<>();
      TrainConfig.TASKS.forEach(task -> headFiles.put(task, run.headFile(task)));
      Path onnx = c.output().resolve("visft-demo.onnx");
      MergedExport.save(
          run.backbone(),
          run.weights(),
          run.lora(),
          c.imageSize(),
          c.imageSize(),
          onnx,
          c.frozenWeights());
      Result r =
          new Result(
              before,
              after,
              probeWays(probeImages),
              base,
              adapted,
              s1,
              s2,
              run.adapterDir(),
              headFiles,
              onnx,
              (System.nanoTime() - t0) / 1e9);
      DemoTable.print(r, out);
      return r;
    }
  }

  /**
   * The demo as a train config: the small heads; short runs, so higher rates, a 20-step warm-up and
   * a looser clip (1.0) than the paper's 2000-step schedule (caption 4e-4, detection and
   * segmentation 5e-5, LoRA 1e-5, clip 0.1); LoRA alpha = r; no checkpoints.
   */
  private static TrainConfig trainConfig(DemoConfig c, Path backboneDir, SyntheticDataset train) {
    return new TrainConfig(
        new TrainConfig.Backbone(
            backboneDir.resolve("backbone.json").toString(),
            backboneDir.resolve("backbone.safetensors"),
            false),
        new TrainConfig.Data(
            train.imageDir(),
            train.instancesJson(),
            train.captionsJson(),
            c.imageSize(),
            true,
            true,
            "fail"),
        new TrainConfig.Heads("small", TrainConfig.TASKS),
        new TrainConfig.Stage1(
            new TrainConfig.Stage(c.captionSteps(), 2e-3, 20),
            new TrainConfig.Stage(c.detectionSteps(), 5e-4, 20),
            new TrainConfig.Stage(c.segmentationSteps(), 5e-4, 20)),
        new TrainConfig.Stage2(
            c.stage2Steps(),
            1e-3,
            20,
            null,
            new TrainConfig.Lora(c.loraRank(), (double) c.loraRank(), 0.0)),
        c.batchSize(),
        1,
        1.0,
        0,
        c.output(),
        c.seed(),
        "cpu",
        "auto",
        "fp32",
        c.frozenWeights().configName());
  }

  /**
   * Few-shot cosine 1-NN accuracy on the held-out domain (up to 5-way, 5-shot, up to 10 queries per
   * class, 40 seeded episodes) with mean-pooled features.
   */
  private static ConfidenceInterval probe(
      DemoConfig c, FeatureExtractor backbone, ImageFolderDataset images, String label) {
    ImageEmbeddings e =
        new ImageEmbedder(backbone, c.imageSize(), 16, System.err).embed(images, label, false);
    int[] perClass = new int[images.classNames().size()];
    for (int l : e.labels()) {
      perClass[l]++;
    }
    int smallest = java.util.Arrays.stream(perClass).min().orElse(0);
    FewShotConfig episodes =
        new FewShotConfig(probeWays(images), 5, Math.min(10, smallest - 5), 40, c.seed(), 1);
    return FewShotEvaluation.run(
            e.pooled(), e.labels(), episodes, LinearProbeConfig.defaults(), RuntimeOptions.cpu())
        .knn();
  }

  private static int probeWays(ImageFolderDataset images) {
    return Math.min(5, images.classNames().size());
  }
}

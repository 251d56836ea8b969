package io.visft.examples.demo;

import io.visft.api.HostTensor;
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
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.HeadTasks;
import io.visft.core.train.TaskSampler;
import io.visft.core.train.TrainingProgress;
import io.visft.core.train.TwoStagePipeline;
import io.visft.core.train.TwoStagePipeline.StageConfig;
import io.visft.core.vit.EvaInit;
import io.visft.core.vit.EvaWeightNames;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.detection.DetectionHead;
import io.visft.lora.BackboneExtractor;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.MergedExport;
import io.visft.lora.format.PeftLoraFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
  public record Result(InDomainMetrics stage1, InDomainMetrics stage2, int probeWays, ConfidenceInterval probeBase,
      ConfidenceInterval probeAdapted, Map<String, double[]> stage1Losses, double[] stage2Losses, Path adapter,
      Map<String, Path> heads, Path onnx, double seconds) {}

  private Demo() {}

  public static Result run(DemoConfig c, PrintStream out) {
    long t0 = System.nanoTime();
    RuntimeOptions rt = RuntimeOptions.cpu();
    Path data = c.output().resolve("data");
    out.println("1/5 generating synthetic COCO-format data in " + data);
    SyntheticDataset train = new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(c.seed(), c.trainImages()))
        .generate(data.resolve("train"));
    SyntheticDataset val = new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(c.seed() + 1, c.validationImages()))
        .generate(data.resolve("val"));
    SyntheticDataset heldOut = new SyntheticCocoGenerator(SyntheticCocoConfig.heldOut(c.seed() + 2, c.heldOutImages()))
        .generate(data.resolve("held-out"));
    ImageCaptionSet trainCaptions = ImageCaptionSet.load(train.captionsJson(), train.imageDir(), c.imageSize());
    InstanceSet trainInstances = InstanceSet.load(train.instancesJson(), train.imageDir(), c.imageSize());
    ImageCaptionSet valCaptions = ImageCaptionSet.load(val.captionsJson(), val.imageDir(), c.imageSize());
    InstanceSet valInstances = InstanceSet.load(val.instancesJson(), val.imageDir(), c.imageSize());
    ImageFolderDataset probeImages = ImageFolderDataset.open(heldOut.imageDir());

    out.println("2/5 building the backbone " + c.backbone());
    Map<String, HostTensor> weights = EvaInit.random(c.backbone(), c.seed());
    Lora lora = Lora.create("visft-demo", LoraConfig.visft().withRank(c.loraRank()).withAlpha(c.loraRank()),
        EvaWeightNames.linearModules(c.backbone()), c.seed());
    DemoHeads heads = DemoHeads.create(c, weights, trainCaptions, trainInstances, lora, rt);

    try (MetricsFile m1 = new MetricsFile(c.output().resolve("metrics.jsonl"), "stage1");
        MetricsFile m2 = new MetricsFile(c.output().resolve("metrics.jsonl"), "stage2")) {
      out.println("3/5 stage 1: training the captioning, detection and segmentation heads on the frozen backbone");
      Map<String, double[]> s1 = new LinkedHashMap<>();
      for (HeadTasks h : heads.all()) {
        String task = h.head().task();
        s1.putAll(pipeline(c, List.of(h), lora).addListener(m1)
            .addListener(new TrainingProgress(out, "stage 1 " + task, stage1Steps(c, task))).trainHeads());
      }
      InDomainMetrics before;
      ConfidenceInterval base;
      try (BackboneExtractor extractor = new BackboneExtractor(c.backbone(), weights, null, rt)) {
        before = InDomainMetrics.measure(heads, extractor, valCaptions, valInstances, rt);
        base = probe(c, extractor, probeImages, "embed base");
      }

      out.println("4/5 stage 2: training LoRA (q, v) with the heads frozen");
      double[] s2 = pipeline(c, heads.all(), lora).addListener(m2)
          .addListener(new TrainingProgress(out, "stage 2", c.stage2Steps())).trainAdapter();
      InDomainMetrics after;
      ConfidenceInterval adapted;
      try (BackboneExtractor extractor = new BackboneExtractor(c.backbone(), weights, lora, rt)) {
        after = InDomainMetrics.measure(heads, extractor, valCaptions, valInstances, rt);
        adapted = probe(c, extractor, probeImages, "embed adapted");
      }

      out.println("5/5 writing the adapter, the heads and the merged ONNX model");
      Path adapterDir = c.output().resolve("adapter");
      PeftLoraFormat.write(lora, adapterDir);
      Map<String, Path> headFiles = new LinkedHashMap<>();
      for (HeadTasks h : heads.all()) {
        Path file = c.output().resolve("heads").resolve(h.head().task() + ".safetensors");
        h.head().save(file);
        headFiles.put(h.head().task(), file);
      }
      Path onnx = c.output().resolve("visft-demo.onnx");
      MergedExport.save(c.backbone(), weights, lora, new long[] {1, 3, c.imageSize(), c.imageSize()}, onnx);
      Result r = new Result(before, after, probeWays(probeImages), base, adapted, s1, s2, adapterDir, headFiles, onnx,
          (System.nanoTime() - t0) / 1e9);
      DemoTable.print(r, out);
      return r;
    }
  }

  private static int stage1Steps(DemoConfig c, String task) {
    return switch (task) {
      case CaptionHead.TASK -> c.captionSteps();
      case DetectionHead.TASK -> c.detectionSteps();
      default -> c.segmentationSteps();
    };
  }

  /**
   * The demo's schedules: short runs, so higher rates and a 20-step warm-up than the paper's
   * 2000-step schedule (caption 4e-4, detection and segmentation 5e-5, LoRA 1e-5), and LoRA alpha = r.
   */
  private static TwoStagePipeline pipeline(DemoConfig c, List<HeadTasks> heads, Lora lora) {
    return new TwoStagePipeline(heads, lora, lora.trainableParameters(),
        task -> new StageConfig(stage1Steps(c, task), CaptionHead.TASK.equals(task) ? 2e-3 : 5e-4, 20, 1.0, 0),
        new StageConfig(c.stage2Steps(), 1e-3, 20, 1.0, 0), TaskSampler.visftRatios(), null, c.seed());
  }

  /**
   * Few-shot cosine 1-NN accuracy on the held-out domain (up to 5-way, 5-shot, up to 10 queries per
   * class, 40 seeded episodes) with mean-pooled features.
   */
  private static ConfidenceInterval probe(DemoConfig c, FeatureExtractor backbone, ImageFolderDataset images, String label) {
    ImageEmbeddings e = new ImageEmbedder(backbone, c.imageSize(), 16, System.err).embed(images, label, false);
    int[] perClass = new int[images.classNames().size()];
    for (int l : e.labels()) {
      perClass[l]++;
    }
    int smallest = java.util.Arrays.stream(perClass).min().orElse(0);
    FewShotConfig episodes = new FewShotConfig(probeWays(images), 5, Math.min(10, smallest - 5), 40, c.seed(), 1);
    return FewShotEvaluation.run(e.pooled(), e.labels(), episodes, LinearProbeConfig.defaults(), RuntimeOptions.cpu()).knn();
  }

  private static int probeWays(ImageFolderDataset images) {
    return Math.min(5, images.classNames().size());
  }
}

package io.visft.examples.demo;

import io.visft.api.HostTensor;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.folder.ImageFolderDataset;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.eval.ConfidenceInterval;
import io.visft.core.eval.FewShotConfig;
import io.visft.core.eval.FewShotEvaluation;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.TaskSampler;
import io.visft.core.train.TrainingProgress;
import io.visft.core.train.TwoStagePipeline;
import io.visft.core.train.TwoStagePipeline.StageConfig;
import io.visft.core.vit.EvaInit;
import io.visft.core.vit.EvaWeightNames;
import io.visft.heads.caption.CaptionDecoder;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.caption.CaptionHeadConfig;
import io.visft.heads.caption.CaptionTasks;
import io.visft.heads.caption.GeneratedCaption;
import io.visft.heads.caption.Vocabulary;
import io.visft.heads.metrics.Bleu;
import io.visft.lora.AdaptedBackbone;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraLinearLayer;
import io.visft.lora.MergedExport;
import io.visft.lora.format.PeftLoraFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job on embedded defaults: synthetic COCO-format data, a small EVA-style backbone,
 * stage 1 (the captioning head on the frozen backbone), stage 2 (LoRA on q and v with the head
 * frozen), then a table of in-domain caption BLEU-4 and an out-of-domain few-shot probe for the
 * base and the adapted backbone, and the artifacts (PEFT adapter, head, merged ONNX model).
 */
public final class Demo {

  /** What the demo measured and wrote. */
  public record Result(double bleuStage1, double bleuStage2, int probeWays, ConfidenceInterval probeBase,
      ConfidenceInterval probeAdapted,
      double[] stage1Losses, double[] stage2Losses, Path adapter, Path head, Path onnx, double seconds) {}

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
    ImageCaptionSet trainSet = ImageCaptionSet.load(train.captionsJson(), train.imageDir(), c.imageSize());
    ImageCaptionSet valSet = ImageCaptionSet.load(val.captionsJson(), val.imageDir(), c.imageSize());
    ImageFolderDataset probeImages = ImageFolderDataset.open(heldOut.imageDir());

    out.println("2/5 building the backbone " + c.backbone());
    var weights = EvaInit.random(c.backbone(), c.seed());
    List<String> corpus = new ArrayList<>();
    trainSet.captions().forEach(corpus::addAll);
    Vocabulary vocab = Vocabulary.visft(corpus);
    int grid = c.imageSize() / c.backbone().patchSize();
    CaptionHeadConfig headConfig = new CaptionHeadConfig(c.backbone().embedDim(), 64, 64, 96, vocab.size(), 12, grid, 0.5, 1.0);
    CaptionHead head = CaptionHead.initialize(headConfig, vocab, c.seed());
    Lora lora = Lora.create("visft-demo", LoraConfig.visft().withRank(c.loraRank()).withAlpha(c.loraRank()),
        EvaWeightNames.linearModules(c.backbone()), c.seed());
    CaptionTasks captions = new CaptionTasks(head, c.backbone(), weights, trainSet, c.batchSize(),
        () -> new LoraLinearLayer(lora, null), rt);

    Result r;
    try (MetricsFile m1 = new MetricsFile(c.output().resolve("metrics.jsonl"), "stage1")) {
      out.println("3/5 stage 1: training the captioning head on the frozen backbone");
      double[] s1 = pipeline(c, captions, lora).addListener(m1).addListener(new TrainingProgress(out, "stage 1", c.stage1Steps()))
          .trainHeads().get(CaptionHead.TASK);
      double bleu1 = bleu(captions.trainedHead(), c.backbone(), weights, null, valSet, rt);
      ConfidenceInterval base = probe(c, weights, null, probeImages, rt);

      out.println("4/5 stage 2: training LoRA (q, v) with the head frozen");
      try (MetricsFile m2 = new MetricsFile(c.output().resolve("metrics.jsonl"), "stage2")) {
        double[] s2 = pipeline(c, captions, lora).addListener(m2).addListener(new TrainingProgress(out, "stage 2", c.stage2Steps()))
            .trainAdapter();
        double bleu2 = bleu(captions.trainedHead(), c.backbone(), weights, lora, valSet, rt);
        ConfidenceInterval adapted = probe(c, weights, lora, probeImages, rt);

        out.println("5/5 writing the adapter, the head and the merged ONNX model");
        Path adapterDir = c.output().resolve("adapter");
        PeftLoraFormat.write(lora, adapterDir);
        Path headFile = c.output().resolve("heads").resolve("caption.safetensors");
        captions.trainedHead().save(headFile);
        Path onnx = c.output().resolve("visft-demo.onnx");
        MergedExport.save(c.backbone(), weights, lora, new long[] {1, 3, c.imageSize(), c.imageSize()}, onnx);
        r = new Result(bleu1, bleu2, probeWays(probeImages), base, adapted, s1, s2, adapterDir, headFile, onnx, (System.nanoTime() - t0) / 1e9);
      }
    }
    printTable(r, out);
    return r;
  }

  /**
   * The demo's schedules: short runs, so a higher rate and a 20-step warm-up than the paper's
   * 2000-step schedule (caption 4e-4, LoRA 1e-5), and LoRA alpha = r.
   */
  private static TwoStagePipeline pipeline(DemoConfig c, CaptionTasks captions, Lora lora) {
    return new TwoStagePipeline(List.of(captions), lora, lora.trainableParameters(),
        task -> new StageConfig(c.stage1Steps(), 2e-3, 20, 1.0, 0), new StageConfig(c.stage2Steps(), 1e-3, 20, 1.0, 0),
        TaskSampler.visftRatios(), null, c.seed());
  }

  private static double bleu(CaptionHead head, io.visft.core.vit.EvaConfig cfg, Map<String, HostTensor> weights, Lora lora,
      ImageCaptionSet set, RuntimeOptions rt) {
    Map<Integer, String> candidates = new LinkedHashMap<>();
    Map<Integer, List<String>> references = new LinkedHashMap<>();
    try (CaptionDecoder decoder = CaptionDecoder.create(head, rt)) {
      for (int i = 0; i < set.imageCount(); i++) {
        HostTensor features = AdaptedBackbone.features(cfg, weights, lora, set.images(i, 1), rt);
        GeneratedCaption g = decoder.greedy(features).get(0);
        candidates.put(i, String.join(" ", head.vocabulary().tokenizer().tokenize(g.text())));
        references.put(i, set.captions().get(i).stream()
            .map(s -> String.join(" ", head.vocabulary().tokenizer().tokenize(s))).toList());
      }
    }
    return Bleu.score(candidates, references).bleu4();
  }

  /**
   * Few-shot cosine 1-NN accuracy on the held-out domain (up to 5-way, 5-shot, up to 10 queries per
   * class, 40 seeded episodes) with mean-pooled features of the base ({@code lora} null) or adapted
   * backbone.
   */
  private static ConfidenceInterval probe(DemoConfig c, Map<String, HostTensor> weights, Lora lora,
      ImageFolderDataset images, RuntimeOptions rt) {
    ImageEmbeddings e = new ImageEmbedder(px -> AdaptedBackbone.features(c.backbone(), weights, lora, px, rt),
        c.imageSize(), 16, System.err).embed(images, lora == null ? "embed base" : "embed adapted", false);
    int[] perClass = new int[images.classNames().size()];
    for (int label : e.labels()) {
      perClass[label]++;
    }
    int smallest = java.util.Arrays.stream(perClass).min().orElse(0);
    FewShotConfig episodes = new FewShotConfig(probeWays(images), 5, Math.min(10, smallest - 5), 40, c.seed(), 1);
    return FewShotEvaluation.run(e.pooled(), e.labels(), episodes, LinearProbeConfig.defaults(), rt).knn();
  }

  private static void printTable(Result r, PrintStream out) {
    out.println();
    out.println("| measure                                   | stage 1 (base backbone) | stage 2 (ViSFT-adapted) |");
    out.println("|-------------------------------------------|-------------------------|-------------------------|");
    out.printf("| in-domain caption BLEU-4 (greedy, val)    | %23.3f | %23.3f |%n", r.bleuStage1(), r.bleuStage2());
    out.printf("| caption loss (mean of the last 20 steps)  | %23.3f | %23.3f |%n", tailMean(r.stage1Losses()),
        tailMean(r.stage2Losses()));
    out.printf("| %-41s | %23s | %23s |%n", "held-out " + r.probeWays() + "-way 5-shot 1-NN accuracy",
        interval(r.probeBase()), interval(r.probeAdapted()));
    out.println();
    out.println("adapter (PEFT):      " + r.adapter());
    out.println("caption head:        " + r.head());
    out.println("merged ONNX model:   " + r.onnx() + " (+ .data)");
    out.printf("finished in %.0f s%n", r.seconds());
  }

  private static int probeWays(ImageFolderDataset images) {
    return Math.min(5, images.classNames().size());
  }

  private static String interval(ConfidenceInterval ci) {
    return String.format(java.util.Locale.ROOT, "%.3f ± %.3f", ci.mean(), ci.halfWidth());
  }

  private static double tailMean(double[] losses) {
    int n = Math.min(20, losses.length);
    double s = 0;
    for (int i = losses.length - n; i < losses.length; i++) {
      s += losses[i];
    }
    return s / n;
  }
}

package io.visft.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.ConfigException;
import io.visft.core.data.ImageCaptionSet;
import io.visft.core.data.InstanceSet;
import io.visft.core.io.AtomicFiles;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.examples.train.InDomainMetrics;
import io.visft.examples.train.TrainConfig;
import io.visft.examples.train.TrainConfigFile;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.segmentation.SegmentationHead;
import io.visft.lora.BackboneExtractor;
import io.visft.lora.Lora;
import io.visft.lora.format.PeftLoraFormat;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code visft eval}: in-domain metrics of a trained run on a COCO-format split, base vs adapted.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Scores the heads a 'visft train' run wrote on a COCO-format split: caption BLEU-4 and CIDEr-D "
          + "(greedy), box AP and mask AP (COCO protocol), once on the base backbone and once with the run's adapter applied. Prints a "
          + "table and writes the numbers as JSON."
    })
final class EvalCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "<file.json>",
      description = "The config the run was trained with (its backbone, heads and output folder).")
  Path config;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "<dir>",
      description = "Folder of the split's images.")
  Path images;

  @Option(
      names = "--instances",
      paramLabel = "<instances.json>",
      description = "COCO instances JSON of the split (for the detection and segmentation heads).")
  Path instances;

  @Option(
      names = "--captions",
      paramLabel = "<captions.json>",
      description = "COCO captions JSON of the split (for captioning).")
  Path captions;

  @Option(
      names = "--output",
      paramLabel = "<metrics.json>",
      description = "Where to write the metrics (default: <run output>/eval.json).")
  Path output;

  @Override
  public Integer call() {
    TrainConfig c = TrainConfigFile.read(config);
    Path heads = c.output().resolve("heads");
    CaptionHead caption =
        captions == null ? null : CaptionHead.read(required(heads.resolve("caption.safetensors")));
    DetectionHead detection =
        instances == null || !Files.exists(heads.resolve("detection.safetensors"))
            ? null
            : DetectionHead.read(heads.resolve("detection.safetensors"));
    SegmentationHead segmentation =
        instances == null || !Files.exists(heads.resolve("segmentation.safetensors"))
            ? null
            : SegmentationHead.read(heads.resolve("segmentation.safetensors"));
    if (caption == null && detection == null && segmentation == null) {
      throw new ConfigException(
          "nothing to score: give --captions and/or --instances for heads found in " + heads);
    }
    int size = c.data().imageSize();
    ImageCaptionSet captionSet =
        caption == null ? null : ImageCaptionSet.open(captions, images, size);
    InstanceSet instanceSet = instances == null ? null : InstanceSet.open(instances, images, size);
    Lora adapter =
        Files.isDirectory(c.output().resolve("adapter"))
            ? PeftLoraFormat.read(c.output().resolve("adapter"), "visft")
            : null;
    RuntimeOptions rt = RuntimeOptions.parse(c.device());
    ObjectNode json = new ObjectMapper().createObjectNode();
    try (EvaWeightsFile ckpt = c.backbone().open()) {
      System.out.println("| backbone | caption BLEU-4 | caption CIDEr-D | box AP | mask AP |");
      System.out.println("|----------|----------------|-----------------|--------|---------|");
      for (Lora variant : adapter == null ? new Lora[] {null} : new Lora[] {null, adapter}) {
        String name = variant == null ? "base" : "adapted";
        try (BackboneExtractor extractor =
            new BackboneExtractor(ckpt.config(), ckpt.weights(), variant, rt)) {
          InDomainMetrics m =
              InDomainMetrics.measure(
                  caption, detection, segmentation, extractor, captionSet, instanceSet, rt);
          System.out.printf(
              java.util.Locale.ROOT,
              "| %-8s | %14.4f | %15.4f | %6.4f | %7.4f |%n",
              name,
              m.bleu4(),
              m.ciderD(),
              m.boxAp(),
              m.maskAp());
          json.putObject(name)
              .put("bleu4", m.bleu4())
              .put("cider_d", m.ciderD())
              .put("box_ap", m.boxAp())
              .put("mask_ap", m.maskAp());
        }
      }
    }
    Path out = output != null ? output : c.output().resolve("eval.json");
    byte[] bytes = json.toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    AtomicFiles.write(out, channel -> channel.write(ByteBuffer.wrap(bytes)));
    System.out.println("wrote " + out);
    return 0;
  }

  private static Path required(Path head) {
    if (!Files.exists(head)) {
      throw new ConfigException(
          head + " does not exist; train the caption head first (visft train) or drop --captions");
    }
    return head;
  }
}

package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.heads.segmentation.SegmentationHead;
import io.visft.lora.Lora;
import io.visft.lora.format.PeftLoraFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code visft train} then {@code visft eval} on a synthetic COCO-format split and a small random
 * backbone written as real files, the way a user runs them; a second {@code train} resumes from the
 * finished checkpoints and leaves every written file as it was.
 */
class TrainEvalCommandTest {
  @TempDir Path dir;

  @Test
  void trainsBothStagesThenScoresBaseAndAdapted() throws Exception {
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(21, 6))
            .generate(dir.resolve("data"));
    EvaConfig backbone = new EvaConfig(32, 2, 2, 64, 14, 4, false, 1e-6, true);
    backbone.writeJson(dir.resolve("backbone.json"));
    SafetensorsWriter.write(
        dir.resolve("backbone.safetensors"), EvaInit.random(backbone, 2), Map.of());
    Path config = dir.resolve("train.json");
    Files.writeString(
        config,
        """
        {"backbone": {"arch": "backbone.json", "weights": "backbone.safetensors"},
         "data": {"images": "data/images", "instances": "data/instances.json", "captions": "data/captions.json",
                  "image_size": 56, "keep_in_memory": false},
         "heads": {"size": "small"},
         "stage1": {"caption": {"steps": 4, "learning_rate": 1e-3, "warmup_steps": 1},
                    "detection": {"steps": 4, "warmup_steps": 1}, "segmentation": {"steps": 4, "warmup_steps": 1}},
         "stage2": {"steps": 6, "learning_rate": 1e-3, "warmup_steps": 1, "lora": {"r": 4, "alpha": 4}},
         "batch_size": 2, "checkpoint_every": 3, "output": "run", "seed": 5}""");

    assertEquals(0, VisftCommand.execute("train", "--config", config.toString()));
    Path run = dir.resolve("run");
    for (String task : List.of("caption", "detection", "segmentation")) {
      assertTrue(Files.size(run.resolve("heads").resolve(task + ".safetensors")) > 0, task);
    }
    assertEquals(
        3 * 4 + 6,
        Files.readAllLines(run.resolve("metrics.jsonl")).size(),
        "one metrics line per step");
    Lora adapter = PeftLoraFormat.read(run.resolve("adapter"), "check");
    assertEquals(4, adapter.rank());
    assertEquals(
        backbone.embedDim(),
        SegmentationHead.read(run.resolve("heads/segmentation.safetensors")).config().inChannels());
    byte[] adapterBytes = Files.readAllBytes(run.resolve("adapter/adapter_model.safetensors"));

    assertEquals(0, VisftCommand.execute("train", "--config", config.toString()));
    assertEquals(
        3 * 4 + 6,
        Files.readAllLines(run.resolve("metrics.jsonl")).size(),
        "a finished run resumes with no steps");
    assertTrue(
        java.util.Arrays.equals(
            adapterBytes, Files.readAllBytes(run.resolve("adapter/adapter_model.safetensors"))),
        "resuming a finished run must restore the same adapter");

    Path metrics = dir.resolve("eval.json");
    assertEquals(
        0,
        VisftCommand.execute(
            "eval",
            "--config",
            config.toString(),
            "--images",
            "" + dir.resolve("data/images"),
            "--instances",
            "" + dir.resolve("data/instances.json"),
            "--captions",
            "" + dir.resolve("data/captions.json"),
            "--output",
            metrics.toString()));
    JsonNode json = new ObjectMapper().readTree(metrics.toFile());
    for (String variant : List.of("base", "adapted")) {
      for (String field : List.of("bleu4", "box_ap", "mask_ap")) {
        double v = json.path(variant).path(field).asDouble(Double.NaN);
        assertTrue(
            v >= 0 && v <= 1, variant + "." + field + " = " + v + " should be a score in [0, 1]");
      }
      double cider = json.path(variant).path("cider_d").asDouble(Double.NaN);
      assertTrue(
          cider >= 0 && cider <= 10,
          variant + ".cider_d = " + cider + " should be a score in [0, 10]");
    }
    try (SafetensorsFile f = SafetensorsFile.open(run.resolve("heads/detection.safetensors"))) {
      assertEquals("detection", f.metadata().get("visft.task"));
    }
  }
}

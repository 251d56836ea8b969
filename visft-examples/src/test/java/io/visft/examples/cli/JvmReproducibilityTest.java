package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.lora.format.PeftLoraFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command run in separate JVMs gives the same numbers and the same bytes: {@code visft
 * train} (bit-identical losses and gradient norms, byte-identical adapter and heads) and {@code
 * visft lora convert}. Several processes are needed because the iteration order of {@code
 * Set.of}/{@code Map.of} collections is salted per JVM: within one JVM a dependence on it repeats
 * itself and goes unseen (with two-element collections, four JVMs agree by chance once in eight).
 */
class JvmReproducibilityTest {
  private static final int RUNS = 4;
  private static final List<String> FILES =
      List.of(
          "adapter/adapter_model.safetensors",
          "adapter/adapter_config.json",
          "heads/caption.safetensors",
          "heads/segmentation.safetensors");

  @TempDir Path dir;

  @Test
  void trainGivesBitIdenticalMetricsAndFilesInEveryJvm() throws Exception {
    new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(7, 4)).generate(dir.resolve("data"));
    EvaConfig backbone = new EvaConfig(32, 2, 2, 64, 14, 4, false, 1e-6, true);
    backbone.writeJson(dir.resolve("backbone.json"));
    SafetensorsWriter.write(
        dir.resolve("backbone.safetensors"), EvaInit.random(backbone, 2), Map.of());

    List<Path> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      Path run = dir.resolve("run" + i);
      runs.add(run);
      visft(dir.resolve("run" + i + ".log"), "train", "--config", config(run).toString());
    }

    List<String> reference = metrics(runs.get(0));
    assertEquals(
        2 + 3,
        reference.size(),
        "one metrics line per step (two stage-1 heads of one step, three LoRA steps)");
    for (int i = 1; i < RUNS; i++) {
      List<String> other = metrics(runs.get(i));
      for (int line = 0; line < reference.size(); line++) {
        assertEquals(
            reference.get(line),
            other.get(line),
            "metrics line "
                + (line + 1)
                + " of JVM "
                + (i + 1)
                + " differs from JVM 1 (loss, lr and grad_norm must be bit-identical)");
      }
      for (String file : FILES) {
        if (!Arrays.equals(
            Files.readAllBytes(runs.get(0).resolve(file)),
            Files.readAllBytes(runs.get(i).resolve(file)))) {
          fail(file + " written by JVM " + (i + 1) + " differs from the one written by JVM 1");
        }
      }
    }
  }

  @Test
  void loraConvertWritesTheSameBytesInEveryJvm() throws Exception {
    String input =
        Path.of("../visft-core/src/test/resources/fixtures/eva/g_style_visft_lora.pt").toString();
    for (int i = 0; i < RUNS; i++) {
      visft(
          dir.resolve("convert" + i + ".log"),
          "lora",
          "convert",
          "--input",
          input,
          "--output",
          "" + dir.resolve("peft" + i));
    }
    for (int i = 1; i < RUNS; i++) {
      for (String file : List.of(PeftLoraFormat.WEIGHTS_FILE, PeftLoraFormat.CONFIG_FILE)) {
        if (!Arrays.equals(
            Files.readAllBytes(dir.resolve("peft0").resolve(file)),
            Files.readAllBytes(dir.resolve("peft" + i).resolve(file)))) {
          fail(file + " converted by JVM " + (i + 1) + " differs from the one converted by JVM 1");
        }
      }
    }
  }

  private Path config(Path run) throws IOException {
    Path config = dir.resolve(run.getFileName() + ".json");
    Files.writeString(
        config,
        """
        {"backbone": {"arch": "backbone.json", "weights": "backbone.safetensors"},
         "data": {"images": "data/images", "instances": "data/instances.json", "captions": "data/captions.json",
                  "image_size": 28, "augment": false},
         "heads": {"size": "small", "tasks": ["caption", "segmentation"]},
         "stage1": {"caption": {"steps": 1, "warmup_steps": 0}, "segmentation": {"steps": 1, "warmup_steps": 0}},
         "stage2": {"steps": 3, "learning_rate": 1e-2, "warmup_steps": 0, "lora": {"r": 4, "alpha": 4}},
         "batch_size": 2, "checkpoint_every": 0, "output": "%s", "seed": 5}"""
            .formatted(run.getFileName()));
    return config;
  }

  /**
   * Runs {@code visft args…} in a new JVM on this test's class path, its output going to {@code
   * log}.
   */
  private static void visft(Path log, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m",
                "-cp",
                System.getProperty("java.class.path"),
                VisftCommand.class.getName()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(
          "visft "
              + args[0]
              + " in a separate JVM did not finish within 10 minutes; its output is in "
              + log);
    }
    if (p.exitValue() != 0) {
      List<String> lines = Files.readAllLines(log);
      fail(
          "visft "
              + args[0]
              + " in a separate JVM exited with "
              + p.exitValue()
              + ":\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
    }
  }

  /**
   * Each metrics line without its wall-clock field, as JSON text (Jackson prints doubles round-trip
   * exactly).
   */
  private static List<String> metrics(Path run) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode n = json.readTree(line);
      out.add(
          String.join(
              " ",
              "stage=" + n.path("stage").asText(),
              "step=" + n.path("step"),
              "task=" + n.path("task"),
              "loss=" + n.path("loss"),
              "lr=" + n.path("lr"),
              "grad_norm=" + n.path("grad_norm")));
    }
    return out;
  }
}

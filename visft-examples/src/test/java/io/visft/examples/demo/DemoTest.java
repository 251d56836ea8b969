package io.visft.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.visft.lora.Lora;
import io.visft.lora.format.PeftLoraFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shortened demo run: both stages train, the table is printed, and the files it names load. */
class DemoTest {
  @TempDir Path dir;

  @Test
  void shortDemoTrainsBothStagesAndWritesLoadableArtifacts() throws Exception {
    DemoConfig d = DemoConfig.defaults(dir);
    DemoConfig quick =
        new DemoConfig(
            dir,
            d.backbone(),
            d.imageSize(),
            24,
            8,
            30,
            4,
            30,
            20,
            20,
            30,
            d.loraRank(),
            d.seed(),
            d.frozenWeights());
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Demo.Result r = Demo.run(quick, new PrintStream(buf, true));
    String printed = buf.toString();
    assertTrue(printed.contains("in-domain caption BLEU-4"), printed);
    assertTrue(printed.contains("in-domain box AP"), printed);
    assertTrue(printed.contains("in-domain mask AP"), printed);
    assertTrue(
        printed.contains("held-out " + r.probeWays() + "-way 5-shot 1-NN accuracy"), printed);
    assertTrue(r.probeWays() >= 2, "the held-out probe needs at least two classes");
    r.stage1Losses()
        .forEach(
            (task, losses) ->
                assertTrue(
                    losses[losses.length - 1] < losses[0],
                    "stage 1 must lower the " + task + " loss"));
    assertEquals(java.util.Set.of("caption", "detection", "segmentation"), r.heads().keySet());
    Lora adapter = PeftLoraFormat.read(r.adapter(), "demo");
    assertEquals(8, adapter.rank());
    assertTrue(Files.exists(r.adapter().resolve("adapter_config.json")));
    for (Path head : r.heads().values()) {
      assertTrue(Files.size(head) > 0, head + " is empty");
    }
    assertTrue(Files.exists(Path.of(r.onnx() + ".data")));
    try (OrtSession s =
        OrtEnvironment.getEnvironment()
            .createSession(r.onnx().toString(), new OrtSession.SessionOptions())) {
      assertEquals(1, s.getInputNames().size());
    }
    assertEquals(
        30 + 20 + 20 + 30,
        Files.readAllLines(dir.resolve("metrics.jsonl")).size(),
        "one metrics line per step");
  }
}

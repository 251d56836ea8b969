package io.visft.examples.cli;

import io.visft.examples.demo.Demo;
import io.visft.examples.demo.DemoConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visft demo}: the two ViSFT stages end to end on synthetic data, no downloads. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs ViSFT end to end on embedded defaults: generates a synthetic COCO-format data set, builds a "
        + "small EVA-style backbone, trains the captioning head (stage 1) and LoRA on q and v with the head frozen "
        + "(stage 2), then prints in-domain caption BLEU-4 and a held-out few-shot probe for the base and the adapted "
        + "backbone, and writes the adapter (PEFT), the head and a merged ONNX model."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--output", defaultValue = "visft-demo-output", paramLabel = "<dir>",
      description = "Folder for the data, metrics.jsonl and the artifacts (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--steps", paramLabel = "<n>", description = "Steps per stage (default: the embedded 800 for stage 1 and 400 for stage 2).")
  Integer steps;

  @Override
  public Integer call() {
    DemoConfig d = DemoConfig.defaults(output);
    if (steps != null) {
      d = new DemoConfig(d.output(), d.backbone(), d.imageSize(), d.trainImages(), d.validationImages(), d.heldOutImages(),
          d.batchSize(), steps, steps, d.loraRank(), d.seed());
    }
    Demo.run(d, System.out);
    return 0;
  }
}

package io.visft.examples.cli;

import io.visft.core.graph.FrozenWeights;
import io.visft.examples.demo.Demo;
import io.visft.examples.demo.DemoConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visft demo}: the two ViSFT stages end to end on synthetic data, no downloads. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs ViSFT end to end on embedded defaults: generates a synthetic COCO-format data set, builds a "
          + "small EVA-style backbone, trains the captioning, detection and segmentation heads (stage 1) and LoRA on q "
          + "and v with the heads frozen (stage 2), then prints in-domain caption BLEU-4, box AP and mask AP and a "
          + "held-out few-shot probe for the base and the adapted backbone, and writes the adapter (PEFT), the heads and "
          + "a merged ONNX model."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--output",
      defaultValue = "visft-demo-output",
      paramLabel = "<dir>",
      description =
          "Folder for the data, metrics.jsonl and the artifacts (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(
      names = "--steps",
      paramLabel = "<n>",
      description =
          "Steps of every stage-1 run and of stage 2 (default: the embedded 800 caption, 400 detection,"
              + " 400 segmentation and 400 LoRA steps).")
  Integer steps;

  @Option(
      names = "--frozen-weights",
      defaultValue = "fp32",
      paramLabel = "<fp32|int8>",
      description =
          "How the backbone's frozen linear weights are held in both stages and in the merged ONNX model: "
              + "fp32, or int8 quantized once (per output channel) and multiplied on ONNX Runtime's integer kernels "
              + "(default: ${DEFAULT-VALUE}).")
  String frozenWeights;

  @Override
  public Integer call() {
    DemoConfig d =
        DemoConfig.defaults(output)
            .withFrozenWeights(FrozenWeights.Precision.parse(frozenWeights, "--frozen-weights"));
    if (steps != null) {
      d = d.withSteps(steps, steps, steps, steps);
    }
    Demo.run(d, System.out);
    return 0;
  }
}

package io.visft.examples.cli;

import io.visft.examples.train.TrainConfig;
import io.visft.examples.train.TrainConfigFile;
import io.visft.examples.train.TrainRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visft train --config <file.json>}: both ViSFT stages on a COCO-format split. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the task heads on the frozen backbone (stage 1, one run per head), then LoRA on q and v with "
          + "the heads frozen (stage 2). Writes <output>/heads/<task>.safetensors, <output>/adapter (PEFT), "
          + "<output>/metrics.jsonl and checkpoints in <output>/checkpoints; running the same config again resumes "
          + "from the latest checkpoint with the same losses as an uninterrupted run."
    },
    footer = {"", TrainConfigFile.FORMAT})
final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "<file.json>",
      description = "The run's config (format below).")
  Path config;

  @Override
  public Integer call() {
    TrainConfig c = TrainConfigFile.read(config);
    try (TrainRun run = TrainRun.open(c)) {
      run.stage1(System.err);
      run.stage2(System.err);
      System.out.println("heads:   " + c.output().resolve("heads"));
      System.out.println("adapter: " + run.adapterDir());
      System.out.println("metrics: " + c.output().resolve("metrics.jsonl"));
    }
    return 0;
  }
}

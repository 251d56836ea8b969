package io.visft.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code visft} command line. */
@Command(
    name = "visft",
    mixinStandardHelpOptions = true,
    version = "visft 0.1.0",
    description = {
      "ViSFT for Java: EVA backbones, ViSFT/PEFT LoRA adapters and task heads on ONNX Runtime.",
      "Run 'visft <command> --help' for the options of a command."
    },
    subcommands = {
      DemoCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      FeaturesCommand.class,
      LoraCommand.class,
      CocoEvalCommand.class,
      EvalOodCommand.class,
      CommandLine.HelpCommand.class
    })
public final class VisftCommand implements Runnable {

  /** Columns of --help: the config and suite formats are laid out for it. */
  private static final int USAGE_WIDTH = 120;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and returns its exit code (0 on success). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new VisftCommand());
    cli.setUsageHelpWidth(USAGE_WIDTH);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr()
              .println(
                  "visft: "
                      + (e.getMessage() == null
                          ? e.toString()
                          : CommandLineHints.rewrite(e.getMessage())));
          return 1;
        });
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}

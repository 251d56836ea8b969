package io.visft.examples.cli;

import io.visft.api.ConfigException;
import picocli.CommandLine.Option;

/**
 * The {@code --lora-alpha} option of every command that reads an adapter; {@code --alpha}, its
 * older name on the {@code lora} commands, is accepted too (kept out of the synopsis so that one
 * name shows).
 */
final class LoraAlphaOption {
  /** The paper's lora_alpha. */
  private static final double DEFAULT = 1;

  @Option(
      names = "--lora-alpha",
      paramLabel = "<alpha>",
      description =
          "lora_alpha of a ViSFT .pt adapter, which does not store it (default: 1, the paper's; "
              + "scaling = alpha / r). Ignored for PEFT folders, which store it. Alias: --alpha.")
  Double alpha;

  @Option(
      names = "--alpha",
      hidden = true,
      paramLabel = "<alpha>",
      description = "Alias of --lora-alpha.")
  Double alias;

  double value() {
    if (alpha != null && alias != null) {
      throw new ConfigException(
          "--lora-alpha "
              + alpha
              + " and its alias --alpha "
              + alias
              + " were both given; "
              + "give one of them");
    }
    return alpha != null ? alpha : alias != null ? alias : DEFAULT;
  }
}

package io.visft.examples.cli;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.AdaptedBackbone;
import io.visft.lora.Lora;
import io.visft.lora.LoraMerge;
import io.visft.lora.format.LoraFiles;
import io.visft.lora.format.PeftLoraFormat;
import io.visft.lora.format.VisftLoraFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visft lora ...}: convert, merge and check LoRA adapters. */
@Command(
    name = "lora",
    mixinStandardHelpOptions = true,
    description = "Convert, merge and check LoRA adapters (ViSFT .pt files and PEFT folders).",
    subcommands = {LoraCommand.Convert.class, LoraCommand.Merge.class, LoraCommand.Grad.class})
final class LoraCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options naming an adapter. */
  static final class AdapterOptions {
    @Option(
        names = "--lora",
        required = true,
        paramLabel = "<adapter>",
        description =
            "A ViSFT LoRA .pt file (visual.blocks.{i}.attn.qkv.lora_A/B) or a PEFT adapter folder.")
    Path lora;

    @Mixin LoraAlphaOption alpha;

    Lora read() {
      return LoraFiles.read(lora, alpha.value());
    }
  }

  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      description =
          "Writes an adapter as a PEFT folder (adapter_config.json + adapter_model.safetensors) whose "
              + "PEFT-formula deltas (B·A·lora_alpha/r) equal the original ones.")
  static final class Convert implements Callable<Integer> {
    @Option(
        names = "--input",
        required = true,
        paramLabel = "<visft .pt | PEFT dir>",
        description = "The adapter to convert.")
    Path input;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "<PEFT dir>",
        description = "The folder to write.")
    Path output;

    @Mixin LoraAlphaOption alpha;

    @Override
    public Integer call() throws Exception {
      Lora lora = LoraFiles.read(input, alpha.value());
      Files.createDirectories(output);
      PeftLoraFormat.write(lora, output);
      System.out.println(
          "wrote PEFT adapter (r="
              + lora.rank()
              + " per slice, "
              + lora.sites().size()
              + " sites) to "
              + output);
      return 0;
    }
  }

  @Command(
      name = "merge",
      mixinStandardHelpOptions = true,
      description =
          "Merges an adapter into the backbone weights (W += scaling·B·A) and writes all backbone weights "
              + "with timm names as safetensors.")
  static final class Merge implements Callable<Integer> {
    @Mixin BackboneOptions backbone;

    @Mixin AdapterOptions adapter;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "<merged.safetensors>",
        description = "Where to write.")
    Path output;

    @Override
    public Integer call() {
      try (EvaWeightsFile ckpt =
          EvaWeightsFile.open(backbone.weights, backbone.arch, backbone.allowLavisLayout)) {
        Map<String, HostTensor> merged = LoraMerge.merged(ckpt.weights(), adapter.read());
        SafetensorsWriter.write(output, merged, Map.of("format", "pt"));
        System.out.println("wrote " + merged.size() + " merged tensors to " + output);
        return 0;
      }
    }
  }

  @Command(
      name = "grad",
      mixinStandardHelpOptions = true,
      description = {
        "Parity tool for ports from PyTorch: writes the gradients of sum(features * cotangent) with "
            + "respect to the adapter's tensors, under the adapter's own key names and shapes.",
        "For a ViSFT .pt: visual.blocks.{i}.attn.qkv.lora_A [2r, D] and lora_B [2D, r]; for a PEFT folder: "
            + "its adapter_model.safetensors keys."
      })
  static final class Grad implements Callable<Integer> {
    @Mixin BackboneOptions backbone;

    @Mixin AdapterOptions adapter;

    @Option(
        names = "--input",
        required = true,
        paramLabel = "<in.safetensors>",
        description = "Tensor 'pixel_values' [B,3,H,W].")
    Path input;

    @Option(
        names = "--cotangent",
        required = true,
        paramLabel = "<ct.safetensors>",
        description = "Tensor 'cotangent', shaped like the features [B,C,H/p,W/p].")
    Path cotangent;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "<grads.safetensors>",
        description = "Where to write.")
    Path output;

    @Option(
        names = "--recompute",
        defaultValue = "auto",
        paramLabel = "<auto|on|off>",
        description =
            "Recompute each block's forward pass in the backward pass instead of keeping its activations: "
                + "less memory, one more forward pass; auto does so when the kept activations would exceed 1 GiB "
                + "(default: ${DEFAULT-VALUE}).")
    String recompute;

    @Override
    public Integer call() {
      ActivationRecompute activations = ActivationRecompute.parse(recompute, "--recompute");
      try (EvaWeightsFile ckpt =
              EvaWeightsFile.open(backbone.weights, backbone.arch, backbone.allowLavisLayout);
          SafetensorsFile in = SafetensorsFile.open(input);
          SafetensorsFile ct = SafetensorsFile.open(cotangent)) {
        Lora lora = adapter.read();
        Map<String, HostTensor> grads =
            AdaptedBackbone.gradients(
                ckpt.config(),
                ckpt.weights(),
                lora,
                in.tensorF32("pixel_values"),
                ct.tensorF32("cotangent"),
                backbone.runtime(),
                activations);
        Map<String, HostTensor> named =
            Files.isDirectory(adapter.lora)
                ? LoraFiles.asPeftTensors(lora, grads)
                : VisftLoraFormat.write(lora, grads, LoraFiles.visftPrefix(adapter.lora));
        SafetensorsWriter.write(output, new LinkedHashMap<>(named), Map.of("format", "pt"));
        System.out.println("wrote " + named.size() + " gradients to " + output);
        return 0;
      }
    }
  }
}

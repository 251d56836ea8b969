package io.visft.examples.cli;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.AdaptedBackbone;
import io.visft.lora.Lora;
import io.visft.lora.format.LoraFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code visft features}: backbone features of pre-normalised pixels, optionally with an adapter.
 */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Extracts the backbone's last-layer feature map.",
      "Reads tensor 'pixel_values' [B,3,H,W] (F32, ImageNet-normalised; H and W multiples of the patch size) and "
          + "writes tensor 'features' [B,C,H/p,W/p] (F32)."
    })
final class FeaturesCommand implements Callable<Integer> {
  @Mixin BackboneOptions backbone;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "<in.safetensors>",
      description = "Safetensors file with 'pixel_values'.")
  Path input;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "<out.safetensors>",
      description = "Where to write 'features'.")
  Path output;

  @Option(
      names = "--lora",
      paramLabel = "<adapter>",
      description = "Apply a LoRA adapter: a ViSFT .pt file or a PEFT adapter folder.")
  Path lora;

  @Mixin LoraAlphaOption loraAlpha;

  @Override
  public Integer call() {
    try (EvaWeightsFile ckpt =
            EvaWeightsFile.open(backbone.weights, backbone.arch, backbone.allowLavisLayout);
        SafetensorsFile in = SafetensorsFile.open(input)) {
      Lora adapter = lora == null ? null : LoraFiles.read(lora, loraAlpha.value());
      HostTensor pixels = in.tensorF32("pixel_values");
      HostTensor features =
          AdaptedBackbone.features(
              ckpt.config(), ckpt.weights(), adapter, pixels, backbone.runtime());
      SafetensorsWriter.write(output, Map.of("features", features), Map.of("format", "pt"));
      System.out.println(
          "wrote features " + java.util.Arrays.toString(features.shape()) + " to " + output);
      return 0;
    }
  }
}

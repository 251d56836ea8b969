package io.visft.examples.readme;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.lora.AdaptedBackbone;
import io.visft.lora.Lora;
import io.visft.lora.MergedExport;
import io.visft.lora.format.LoraFiles;
import java.nio.file.Path;

/**
 * Features of an EVA backbone with a LoRA adapter applied, and the adapter merged into an ONNX
 * model.
 */
public final class AdaptedFeatures {
  private AdaptedFeatures() {}

  /**
   * @param checkpoint EVA weights (timm safetensors, EVA-CLIP .pt, LAVIS .pth)
   * @param arch a preset ("eva-vit-g-14") or a JSON config file
   * @param adapter a PEFT folder or a ViSFT LoRA file (alpha 1, as released)
   * @param pixelFile a safetensors file holding "pixel_values" [B, 3, H, W], ImageNet-normalised
   * @param onnxFile where the merged model goes (its weights beside it, in onnxFile + ".data")
   * @return features [B, D, H/14, W/14] (D = 1408 for EVA-ViT-G/14)
   */
  public static HostTensor extract(
      Path checkpoint, String arch, Path adapter, Path pixelFile, Path onnxFile) {
    try (EvaWeightsFile ckpt = EvaWeightsFile.open(checkpoint, arch, false);
        SafetensorsFile input = SafetensorsFile.open(pixelFile)) {
      HostTensor pixels = input.tensorF32("pixel_values");
      Lora lora = LoraFiles.read(adapter, 1.0);
      HostTensor features =
          AdaptedBackbone.features(
              ckpt.config(), ckpt.weights(), lora, pixels, RuntimeOptions.cpu());
      MergedExport.save(
          ckpt.config(),
          ckpt.weights(),
          lora,
          (int) pixels.shape()[2],
          (int) pixels.shape()[3],
          onnxFile); // the model takes any batch size at this H×W
      return features;
    }
  }
}

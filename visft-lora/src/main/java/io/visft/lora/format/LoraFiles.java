package io.visft.lora.format;

import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.TensorFiles;
import io.visft.core.io.TensorSource;
import io.visft.lora.Lora;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens an adapter from disk whatever its format: a PEFT folder, or a ViSFT LoRA file (.pt or
 * safetensors).
 */
public final class LoraFiles {
  private LoraFiles() {}

  /**
   * @param alpha lora_alpha for ViSFT files, which do not store it (the paper uses 1); PEFT folders
   *     carry their own
   */
  public static Lora read(Path path, double alpha) {
    String name = path.getFileName().toString();
    if (Files.isDirectory(path)) {
      return PeftLoraFormat.read(path, name);
    }
    try (TensorSource source = TensorFiles.open(path)) {
      return VisftLoraFormat.read(source, name, alpha);
    }
  }

  /** The key prefix a ViSFT LoRA file uses before {@code blocks.} (usually {@code visual.}). */
  public static String visftPrefix(Path file) {
    try (TensorSource source = TensorFiles.open(file)) {
      if (source.names().isEmpty()) {
        throw new FileFormatException(
            file
                + " holds no tensors; a ViSFT LoRA file holds visual.blocks.{i}.attn.qkv.lora_A"
                + " / lora_B");
      }
      String any = source.names().iterator().next();
      return any.substring(0, Math.max(0, any.indexOf("blocks.")));
    }
  }

  /** Per-site tensors (values or gradients) under the PEFT keys of {@code lora}'s layout. */
  public static Map<String, HostTensor> asPeftTensors(Lora lora, Map<String, HostTensor> perSite) {
    return PeftLoraFormat.tensors(lora, perSite);
  }
}

package io.visft.core.io;

import io.visft.api.FileFormatException;
import io.visft.core.io.pytorch.PyTorchZipReader;
import io.visft.core.io.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a checkpoint by its content: a zip archive (PyTorch's {@code torch.save} format:
 * {@code .pt}, {@code .pth}, {@code .bin}) or a safetensors file.
 */
public final class Checkpoints {
  private Checkpoints() {}

  /** @throws FileFormatException naming the file when it is neither format */
  public static TensorSource open(Path file) {
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(magic, 0, 4);
      if (n < 4) {
        throw new FileFormatException("checkpoint " + file + " has only " + n + " bytes: it is empty or truncated");
      }
    } catch (IOException e) {
      throw new FileFormatException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
    if (magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
      return PyTorchZipReader.open(file);
    }
    return SafetensorsFile.open(file);
  }
}

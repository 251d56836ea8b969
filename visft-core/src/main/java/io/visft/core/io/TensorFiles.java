package io.visft.core.io;

import io.visft.api.FileFormatException;
import io.visft.core.io.pytorch.PyTorchZipReader;
import io.visft.core.io.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens a file of named tensors by its content: a zip archive (PyTorch's {@code torch.save} format:
 * {@code .pt}, {@code .pth}, {@code .bin}) or a safetensors file. A legacy (pre-1.6) torch.save
 * pickle goes to the PyTorch reader too, which explains how to re-save it.
 */
public final class TensorFiles {
  /**
   * A legacy (pre-1.6) torch.save file is a bare protocol-2 pickle of its magic number: PROTO 2,
   * then LONG1 of 10 bytes. As a safetensors header length these bytes would exceed its 100 MB
   * limit, so the two formats cannot be confused.
   */
  private static final byte[] LEGACY_TORCH_START = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a};

  private TensorFiles() {}

  /**
   * @throws FileFormatException naming the file when it is neither format
   */
  public static TensorSource open(Path file) {
    byte[] magic = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      int n = in.readNBytes(magic, 0, 4);
      if (n < 4) {
        throw new FileFormatException(
            "checkpoint " + file + " has only " + n + " bytes: it is empty or truncated");
      }
    } catch (IOException e) {
      throw new FileFormatException(
          "cannot read checkpoint " + file + ": " + IoFailures.reason(e), e);
    }
    boolean zip = magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    if (zip || Arrays.equals(magic, LEGACY_TORCH_START)) {
      return PyTorchZipReader.open(file);
    }
    return SafetensorsFile.open(file);
  }
}

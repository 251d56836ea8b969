package io.visft.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.core.io.pytorch.PyTorchZipReader;
import io.visft.core.io.safetensors.SafetensorsFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFilesTest {

  @TempDir Path tmp;

  @Test
  void sendsALegacyTorchPickleToTheMessageThatExplainsHowToResaveIt() throws Exception {
    Path legacy = Path.of(getClass().getResource("/fixtures/pytorch/legacy_format.pt").toURI());
    String message =
        assertThrows(FileFormatException.class, () -> TensorFiles.open(legacy)).getMessage();
    assertTrue(
        message.startsWith(
            "PyTorch checkpoint " + legacy + ": this is a legacy (non-zip) torch.save file"),
        message);
  }

  @Test
  void saysNoSuchFileForAMissingCheckpoint() {
    Path missing = tmp.resolve("absent.pt");
    assertEquals(
        "cannot read checkpoint " + missing + ": no such file",
        assertThrows(FileFormatException.class, () -> TensorFiles.open(missing)).getMessage());
    assertEquals(
        "cannot open safetensors file " + missing + ": no such file",
        assertThrows(FileFormatException.class, () -> SafetensorsFile.open(missing)).getMessage());
    assertEquals(
        "cannot read PyTorch checkpoint " + missing + ": no such file",
        assertThrows(UncheckedIOException.class, () -> PyTorchZipReader.open(missing))
            .getMessage());
  }
}

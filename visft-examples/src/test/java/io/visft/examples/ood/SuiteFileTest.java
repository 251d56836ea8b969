package io.visft.examples.ood;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteFileTest {

  @TempDir Path tmp;

  @Test
  void contentAfterTheListIsRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("suite.json"), "[] [{\"name\": \"second\"}]");
    String message =
        assertThrows(FileFormatException.class, () -> SuiteFile.read(file)).getMessage();
    assertTrue(message.startsWith("suite file " + file + " is not valid JSON: "), message);
    assertTrue(message.contains("content follows the end of the JSON value"), message);
  }
}

package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.BackendUnavailableException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class OrtClassPathTest {

  @Test
  void aClassPathWithoutOnnxRuntimeNamesBothFlavourArtifacts() throws Exception {
    try (URLClassLoader bootstrapOnly = new URLClassLoader(new URL[0], null)) {
      BackendUnavailableException e =
          assertThrows(
              BackendUnavailableException.class, () -> OrtClassPath.require(bootstrapOnly));
      assertTrue(e.getMessage().contains("ONNX Runtime is not on the class path"), e.getMessage());
      assertTrue(e.getMessage().contains("io.visft:visft-runtime-cpu"), e.getMessage());
      assertTrue(e.getMessage().contains("io.visft:visft-runtime-gpu"), e.getMessage());
    }
  }

  @Test
  void theTestClassPathHasOnnxRuntime() {
    assertDoesNotThrow(() -> OrtClassPath.require(OrtClassPathTest.class.getClassLoader()));
    assertDoesNotThrow(RuntimeOptions::cpu);
  }
}

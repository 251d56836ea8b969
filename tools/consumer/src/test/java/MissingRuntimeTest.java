import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.BackendUnavailableException;
import io.visft.core.runtime.RuntimeOptions;
import org.junit.jupiter.api.Test;

/**
 * Run with ONNX Runtime taken off the class path: the first call that needs it names the artifacts
 * to add.
 */
class MissingRuntimeTest {

  @Test
  void theErrorNamesBothFlavourArtifacts() {
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("ai.onnxruntime.OrtEnvironment"),
        "this test must run without ONNX Runtime on the class path");
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, RuntimeOptions::cpu);
    System.out.println("Without ONNX Runtime: " + e.getMessage());
    assertTrue(e.getMessage().contains("io.visft:visft-runtime-cpu"), e.getMessage());
    assertTrue(e.getMessage().contains("io.visft:visft-runtime-gpu"), e.getMessage());
  }
}

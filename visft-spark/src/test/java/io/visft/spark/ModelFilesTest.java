package io.visft.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ModelFiles}: validation, and shared paths used as given. */
class ModelFilesTest {

  @Test
  void sharedPathsAreUsedAsGiven() {
    ModelFiles files =
        ModelFiles.sharedPaths(
            Path.of("/models/eva.safetensors"), "eva-vit-g-14", Path.of("/models/adapter.pt"), 1.0);
    assertEquals(Path.of("/models/eva.safetensors"), files.weightsPath());
    assertEquals("eva-vit-g-14", files.archOnThisJvm());
    assertEquals(Path.of("/models/adapter.pt"), files.adapterPath());
  }

  @Test
  void noAdapterMeansTheBaseBackbone() {
    assertEquals(
        null, ModelFiles.sharedPaths(Path.of("eva.pt"), "eva-vit-g-14", null, 1.0).adapterPath());
  }

  @Test
  void aNonPositiveAlphaIsRejected() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ModelFiles.sharedPaths(Path.of("eva.pt"), "eva-vit-g-14", null, 0.0));
    assertTrue(e.getMessage().contains("lora alpha must be positive, got 0.0"), e.getMessage());
  }

  @Test
  void aMissingArchIsRejected() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> new ModelFiles("eva.pt", " ", null, 1.0, false));
    assertTrue(e.getMessage().contains("arch"), e.getMessage());
  }
}

package io.visft.core.io.pytorch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The checkpoints written by {@code tools/fixtures/pytorch_zip_fixture.py} and their expected
 * values ({@code expected.json}: per file and tensor, dtype, shape, raw element bits and the bits
 * of PyTorch's own widening to float32).
 */
final class PyTorchFixtures {

  private static final String FOLDER = "/fixtures/pytorch/";

  private PyTorchFixtures() {}

  static Path path(String name) {
    URL url = PyTorchFixtures.class.getResource(FOLDER + name);
    if (url == null) {
      throw new IllegalStateException(
          "missing test fixture "
              + FOLDER
              + name
              + "; regenerate with tools/fixtures/pytorch_zip_fixture.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected() {
    try {
      return new ObjectMapper().readTree(path("expected.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

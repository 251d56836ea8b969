package io.visft.heads.segmentation;

import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PyTorch reference of tools/fixtures/segmentation_head_fixture.py: parameters of a tiny head,
 * input features and the expected forward outputs.
 */
record SegmentationFixture(Map<String, HostTensor> params, Map<String, HostTensor> tensors) {

  /** The config the fixture script uses. */
  static final SegmentationHeadConfig CONFIG =
      new SegmentationHeadConfig(8, 32, 4, 4, 1, 4, 32, 2, 32, 4, 5, 16);

  static SegmentationFixture load() {
    Path path;
    try {
      path =
          Path.of(
              SegmentationFixture.class
                  .getResource("segmentation_head_fixture.safetensors")
                  .toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException(
          "missing segmentation_head_fixture.safetensors; regenerate it with"
              + " tools/fixtures/segmentation_head_fixture.py",
          e);
    }
    Map<String, HostTensor> params = new LinkedHashMap<>();
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    try (SafetensorsFile file = SafetensorsFile.open(path)) {
      for (String name : file.names()) {
        HostTensor t = copy(file.tensorF32(name));
        (name.startsWith("visft_heads.") ? params : tensors).put(name, t);
      }
    }
    return new SegmentationFixture(params, tensors);
  }

  HostTensor tensor(String name) {
    return tensors.get(name);
  }

  private static HostTensor copy(HostTensor t) {
    return HostTensor.ofFloats(t.toFloatArray(), t.shape());
  }
}

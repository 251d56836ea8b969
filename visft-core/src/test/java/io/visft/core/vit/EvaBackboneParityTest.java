package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.testing.Evaluate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backbone graph against the PyTorch reference (tools/fixtures/eva_fixture.py): pre-norm and
 * res-post-norm blocks, square input (no position resize) and non-square input (bicubic resize).
 */
class EvaBackboneParityTest {
  static final Path FIXTURES = Path.of("src/test/resources/fixtures/eva");

  static EvaConfig config(String style) {
    return EvaConfig.fromJson(FIXTURES.resolve(style + ".json"));
  }

  @ParameterizedTest
  @CsvSource({"g_style, square", "g_style, nonsquare", "e_style, square", "e_style, nonsquare"})
  void featuresMatchPyTorch(String style, String input) throws Exception {
    EvaConfig cfg = config(style);
    try (SafetensorsFile w = SafetensorsFile.open(FIXTURES.resolve(style + ".safetensors"));
        SafetensorsFile in =
            SafetensorsFile.open(FIXTURES.resolve(style + "_" + input + "_input.safetensors"));
        SafetensorsFile want =
            SafetensorsFile.open(FIXTURES.resolve(style + "_" + input + "_features.safetensors"))) {
      Map<String, HostTensor> weights = new LinkedHashMap<>();
      w.names().forEach(n -> weights.put(n, w.tensor(n)));
      HostTensor pixels = in.tensor("pixel_values");
      Graph g = new Graph();
      Value px = g.input("pixel_values", DType.F32, pixels.shape());
      Value features = EvaBackbone.build(g, cfg, weights, px, LinearLayer.PLAIN);
      float[] got =
          Evaluate.run(g, Map.of("features", features), Map.of("pixel_values", pixels))
              .get("features")
              .toFloatArray();
      float[] expected = want.tensor("features").toFloatArray();
      double diff = Evaluate.maxAbsDiff(got, expected);
      double tol = 1e-4 * Evaluate.maxAbs(expected);
      assertTrue(diff <= tol, style + "/" + input + ": max |diff| " + diff + " > " + tol);
    }
  }
}

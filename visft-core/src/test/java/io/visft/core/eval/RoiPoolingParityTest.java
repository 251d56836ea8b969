package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.testing.Evaluate;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RoI-align pooling against the PyTorch implementation of the torchvision {@code roi_align} formula
 * in tools/fixtures/roi_align_fixture.py (torchvision itself was not installed there): boxes
 * inside, partly outside and wholly outside the map, a sub-cell box and an empty one, fixed and
 * adaptive sampling ratios, aligned and not.
 */
class RoiPoolingParityTest {
  private static final Path FIXTURE =
      Path.of("src/test/resources/fixtures/eval/roi_align.safetensors");
  private static final double SPATIAL_SCALE = 0.25;

  @ParameterizedTest(name = "S={0}, ratio={1}, aligned={2}")
  @CsvSource({"1, 2, true", "2, 2, true", "3, 0, true", "2, 1, false"})
  void pooledVectorsMatchPyTorch(int outputSize, int samplingRatio, boolean aligned) {
    try (SafetensorsFile f = SafetensorsFile.open(FIXTURE)) {
      HostTensor features = f.tensor("features");
      HostTensor boxes = f.tensor("boxes");
      long[] s = features.shape();
      HostTensor sampling =
          RoiAlignSampling.weights(
              boxes,
              (int) s[0],
              (int) s[2],
              (int) s[3],
              SPATIAL_SCALE,
              new RoiAlignConfig(outputSize, samplingRatio, aligned));
      Graph g = new Graph();
      Value map = g.input("map", DType.F32, s);
      Value weights = g.input("weights", DType.F32, sampling.shape());
      Value pooled = RoiPooling.pool(new Ops(g), map, weights);
      float[] got =
          Evaluate.run(g, Map.of("pooled", pooled), Map.of("map", features, "weights", sampling))
              .get("pooled")
              .toFloatArray();
      float[] expected =
          f.tensor(
                  "pooled_s"
                      + outputSize
                      + "_r"
                      + samplingRatio
                      + "_"
                      + (aligned ? "aligned" : "unaligned"))
              .toFloatArray();
      double diff = Evaluate.maxAbsDiff(got, expected);
      assertTrue(diff <= 1e-5, "max |diff| " + diff + " > 1e-5");
    }
  }
}

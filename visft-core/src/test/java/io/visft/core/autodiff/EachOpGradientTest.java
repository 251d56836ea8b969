package io.visft.core.autodiff;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** One named, fixed-seed gradient check per op, so a broken rule shows up by name in the report. */
class EachOpGradientTest {

  @TestFactory
  Stream<DynamicTest> eachOpAgainstCentralDifferences() {
    return OpSamples.SAMPLES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().onnxName(), () -> {
      for (long seed = 1; seed <= 3; seed++) {
        OpSamples.Sample s = e.getValue().apply(new Random(seed));
        GradientCheck.assertVjpMatches(e.getKey().onnxName(), s.dtype(), s.inputs(), s.body(), seed);
      }
    }));
  }
}

package io.visft.core.autodiff;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Three fixed-seed gradient checks per op, so a broken rule shows up by name in the report. */
class EachOpGradientTest {

  @TestFactory
  Stream<DynamicTest> eachOpAgainstCentralDifferences() {
    return OpSamples.SAMPLES.keySet().stream()
        .map(
            op ->
                DynamicTest.dynamicTest(
                    op.onnxName(),
                    () ->
                        qt().withFixedSeed(1)
                            .withExamples(3)
                            .forAll(OpSamples.samples(op), longs().all())
                            .checkAssert(
                                (s, seed) ->
                                    GradientCheck.assertVjpMatches(
                                        op.onnxName(),
                                        s.dtype(),
                                        s.inputs(),
                                        s.body(),
                                        seed,
                                        s.check()))));
  }
}

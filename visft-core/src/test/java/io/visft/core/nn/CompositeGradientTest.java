package io.visft.core.nn;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.GradientCheck;
import io.visft.core.autodiff.GradientCheck.InputSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Gradients of the composite layers (built from table ops), and of GELU's own rule, against central
 * differences.
 */
class CompositeGradientTest {

  @Test
  void gelu() {
    qt().withExamples(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              GradientCheck.assertVjpMatches(
                  "gelu",
                  DType.F32,
                  List.of(InputSpec.range(-3, 3, 3, 5)),
                  (o, x) -> List.of(o.gelu(x.get(0))),
                  seed);
            });
  }

  @Test
  void groupNorm() {
    qt().withExamples(10)
        .forAll(longs().all(), integers().between(1, 3))
        .checkAssert(
            (seed, groups) -> {
              GradientCheck.assertVjpMatches(
                  "groupNorm",
                  DType.F64,
                  List.of(
                      InputSpec.range(-2, 2, 2, 2 * groups, 3, 2),
                      InputSpec.range(0.5, 1.5, 2 * groups),
                      InputSpec.of(2 * groups)),
                  (o, x) ->
                      List.of(
                          Normalization.groupNorm(o, x.get(0), groups, x.get(1), x.get(2), 1e-5f)),
                  seed);
            });
  }

  @Test
  void linearResize() {
    qt().withExamples(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              ResizeMatrix rows = ResizeMatrices.axis(ResizeMode.BICUBIC, 3, 2);
              ResizeMatrix cols = ResizeMatrices.axis(ResizeMode.BILINEAR, 3, 4);
              GradientCheck.assertVjpMatches(
                  "linearResize",
                  DType.F64,
                  List.of(InputSpec.of(2, 3, 3)),
                  (o, x) -> List.of(LinearResize.apply(o, x.get(0), rows, cols)),
                  seed);
            });
  }

  /** Points stay away from pixel-centre grid lines, where bilinear weights have kinks. */
  @Test
  void gridSampleReachesValuesAndPoints() {
    qt().withExamples(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              GradientCheck.assertVjpMatches(
                  "gridSample",
                  DType.F64,
                  List.of(InputSpec.of(2, 3, 4, 5), InputSpec.range(0.02, 0.98, 2, 6, 2)),
                  (o, x) -> List.of(GridSample.sample(o, x.get(0), x.get(1))),
                  seed);
            });
  }

  @Test
  void weightedCrossEntropy() {
    qt().withExamples(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              GradientCheck.assertVjpMatches(
                  "crossEntropy",
                  DType.F64,
                  List.of(InputSpec.range(-2, 2, 4, 3), InputSpec.range(0.1, 1, 3)),
                  (o, x) ->
                      List.of(
                          Losses.crossEntropy(
                              o,
                              x.get(0),
                              o.graph().constant(HostTensor.ofLongs(new long[] {0, 2, 2, 1}, 4)),
                              x.get(1))),
                  seed);
            });
  }

  @Test
  void sigmoidBinaryCrossEntropy() {
    qt().withExamples(10)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              GradientCheck.assertVjpMatches(
                  "bce",
                  DType.F64,
                  List.of(InputSpec.range(-3, 3, 3, 4), InputSpec.range(0, 1, 3, 4)),
                  (o, x) -> List.of(Losses.sigmoidBinaryCrossEntropy(o, x.get(0), x.get(1))),
                  seed);
            });
  }
}

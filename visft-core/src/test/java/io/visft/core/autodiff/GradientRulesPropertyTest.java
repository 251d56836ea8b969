package io.visft.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.core.graph.Differentiability;
import io.visft.core.graph.Op;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Every differentiable op of the table against central differences, on shapes drawn by
 * QuickTheories (so a failure shrinks to the smallest failing shapes) and values from a drawn seed.
 */
class GradientRulesPropertyTest {

  /** One op and one of its cases. */
  record OpCase(Op op, OpSamples.Sample sample) {}

  private static List<Op> differentiableOps() {
    return Arrays.stream(Op.values())
        .filter(op -> op.differentiability() == Differentiability.RULE)
        .toList();
  }

  private static Gen<OpCase> opCases() {
    return pick(differentiableOps())
        .flatMap(op -> OpSamples.samples(op).map(s -> new OpCase(op, s)));
  }

  @Test
  void vjpMatchesCentralDifferences() {
    qt().withExamples(200)
        .forAll(opCases(), longs().all())
        .checkAssert(
            (c, seed) ->
                GradientCheck.assertVjpMatches(
                    c.op().onnxName(),
                    c.sample().dtype(),
                    c.sample().inputs(),
                    c.sample().body(),
                    seed,
                    c.sample().check()));
  }

  @Test
  void everyOpWithARuleHasAGradientTestAndARegistryEntry() {
    List<Op> withRule = differentiableOps();
    List<Op> untested = withRule.stream().filter(op -> !OpSamples.SAMPLES.containsKey(op)).toList();
    assertEquals(List.of(), untested, "ops marked RULE without a sample in OpSamples");
    List<Op> withoutRule =
        withRule.stream().filter(op -> GradientRegistry.rule(op).isEmpty()).toList();
    assertEquals(List.of(), withoutRule, "ops marked RULE without a rule in GradientRegistry");
    List<Op> stray =
        Arrays.stream(Op.values())
            .filter(
                op ->
                    op.differentiability() != Differentiability.RULE
                        && GradientRegistry.rule(op).isPresent())
            .toList();
    assertTrue(stray.isEmpty(), "rules registered for ops not marked RULE: " + stray);
  }
}

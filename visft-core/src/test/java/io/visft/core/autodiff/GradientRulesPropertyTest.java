package io.visft.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.graph.Differentiability;
import io.visft.core.graph.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every differentiable op of the table against central differences, on random shapes and values. */
class GradientRulesPropertyTest {

  @Provide
  Arbitrary<Op> differentiableOps() {
    return Arbitraries.of(Arrays.stream(Op.values()).filter(op -> op.differentiability() == Differentiability.RULE).toList());
  }

  @Property(tries = 200)
  void vjpMatchesCentralDifferences(@ForAll("differentiableOps") Op op, @ForAll long seed) {
    OpSamples.Sample s = OpSamples.SAMPLES.get(op).apply(new Random(seed));
    GradientCheck.assertVjpMatches(op.onnxName(), s.dtype(), s.inputs(), s.body(), seed);
  }

  @Example
  void everyOpWithARuleHasAGradientTestAndARegistryEntry() {
    List<Op> withRule = Arrays.stream(Op.values()).filter(op -> op.differentiability() == Differentiability.RULE).toList();
    List<Op> untested = withRule.stream().filter(op -> !OpSamples.SAMPLES.containsKey(op)).toList();
    assertEquals(List.of(), untested, "ops marked RULE without a sample in OpSamples");
    List<Op> withoutRule = withRule.stream().filter(op -> GradientRegistry.rule(op).isEmpty()).toList();
    assertEquals(List.of(), withoutRule, "ops marked RULE without a rule in GradientRegistry");
    List<Op> stray = Arrays.stream(Op.values())
        .filter(op -> op.differentiability() != Differentiability.RULE && GradientRegistry.rule(op).isPresent()).toList();
    assertTrue(stray.isEmpty(), "rules registered for ops not marked RULE: " + stray);
  }
}

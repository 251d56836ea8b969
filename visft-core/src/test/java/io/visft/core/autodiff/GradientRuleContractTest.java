package io.visft.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Op;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Autodiff holds every gradient rule to one entry per input, and fails loudly when a rule breaks
 * it.
 */
class GradientRuleContractTest {

  /**
   * {@code x * y} with both inputs differentiated, under the registry's rules except {@code mul}
   * for Mul.
   */
  private static Map<Value, Value> differentiateProduct(GradientRule mul) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 2, 3);
    Value y = g.input("y", DType.F32, 2, 3);
    Value loss = o.reduceSum(o.mul(x, y), false);
    return Autodiff.vjp(
        List.of(loss),
        List.of(o.scalarLike(loss, 1)),
        List.of(x, y),
        op -> op == Op.MUL ? Optional.of(mul) : GradientRegistry.rule(op));
  }

  @Test
  void aRuleReturningTooFewGradientsIsNamedWithItsCounts() {
    GradientRule forgetsSecond = c -> List.of(c.ops().mul(c.g(), c.x(1)));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> differentiateProduct(forgetsSecond));
    assertTrue(
        e.getMessage().contains("the gradient rule of Mul returned 1 gradients for node 'Mul_"),
        e.getMessage());
    assertTrue(e.getMessage().contains("with 2 inputs"), e.getMessage());
  }

  @Test
  void aRuleReturningAGradientForAnInputTheNodeLacksIsRefused() {
    GradientRule oneTooMany = c -> List.of(c.g(), c.g(), c.g());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> differentiateProduct(oneTooMany));
    assertTrue(e.getMessage().contains("returned 3 gradients"), e.getMessage());
  }

  @Test
  void nullMarksAnInputThatTakesNoGradient() {
    GradientRule firstOnly = c -> Arrays.asList(c.ops().mul(c.g(), c.x(1)), null);
    Map<Value, Value> grads = differentiateProduct(firstOnly);
    assertEquals(List.of("x", "y"), grads.keySet().stream().map(Value::name).toList());
    assertTrue(
        grads.values().stream()
            .allMatch(gradient -> Arrays.equals(new long[] {2, 3}, gradient.shape())));
  }

  @Test
  void rulesForOptionalInputsMayEndWithNulls() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 2, 3);
    Value w = g.input("w", DType.F32, 4, 3);
    Value y = o.gemm(x, w, null, 1f, 1f, false, true);
    Map<Value, Value> grads = Autodiff.gradients(o.reduceSum(y, false), List.of(x, w));
    assertArrayEquals(new long[] {2, 3}, grads.get(x).shape());
    assertArrayEquals(new long[] {4, 3}, grads.get(w).shape());
    assertTrue(
        g.nodes().stream().anyMatch(n -> n.op() == Op.GEMM && n.inputs().size() == 2),
        "the Gemm node omits its optional bias, so its rule's third entry is past the inputs");
  }

  @Test
  void indicesTakeNoGradient() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 4, 3);
    Value picked = o.gather(x, g.constant(HostTensor.ofLongs(new long[] {3, 0}, 2)), 0);
    Map<Value, Value> grads = Autodiff.gradients(o.reduceSum(picked, false), List.of(x));
    assertArrayEquals(new long[] {4, 3}, grads.get(x).shape());
  }
}

package io.visft.core.graph;

import static io.visft.api.DType.BOOL;
import static io.visft.api.DType.F32;
import static io.visft.api.DType.F64;
import static io.visft.api.DType.I64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op of the table through {@link Graph#apply}: its shape rule on valid inputs gives the types
 * expected, and inputs or attributes that do not fit are rejected with a {@link ShapeException}
 * naming the op. Differentiable or not, every row needs a case here.
 */
class ShapeRulesTest {

  /** The inputs of one node, built in a fresh graph. */
  @FunctionalInterface
  interface Inputs {
    Value[] in(Graph g);
  }

  /**
   * @param attributes the node's attributes
   * @param valid inputs the rule accepts
   * @param expected the output types for {@code valid}
   * @param mismatchAttributes the attributes of the rejected node
   * @param mismatch inputs the rule rejects, or {@code null} where it accepts any (unary
   *     elementwise ops)
   */
  record Case(
      Attributes attributes,
      Inputs valid,
      List<TensorType> expected,
      Attributes mismatchAttributes,
      Inputs mismatch) {

    /** The same valid node, and {@code in} as a node the rule must reject. */
    Case rejecting(Inputs in) {
      return new Case(attributes, valid, expected, attributes, in);
    }

    /**
     * The same valid node, and the valid inputs under {@code bad} attributes as a node the rule
     * must reject.
     */
    Case rejecting(Attributes bad) {
      return new Case(attributes, valid, expected, bad, valid);
    }
  }

  private static final Map<Op, Case> CASES = new EnumMap<>(Op.class);

  private static Case accepts(Attributes attributes, Inputs valid, TensorType... expected) {
    return new Case(attributes, valid, List.of(expected), attributes, null);
  }

  private static Case accepts(Inputs valid, TensorType... expected) {
    return accepts(Attributes.none(), valid, expected);
  }

  private static Value x(Graph g, DType dtype, long... shape) {
    return g.input("x" + g.values().size(), dtype, shape);
  }

  private static Value f32(Graph g, long... shape) {
    return x(g, F32, shape);
  }

  private static Value longs(Graph g, long... values) {
    return g.constant(HostTensor.ofLongs(values, values.length));
  }

  private static TensorType t(DType dtype, long... shape) {
    return TensorType.of(dtype, shape);
  }

  static {
    for (Op op : List.of(Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.POW, Op.MIN, Op.MAX, Op.MOD)) {
      CASES.put(
          op,
          accepts(g -> new Value[] {f32(g, 2, 1, 3), f32(g, 4, 1)}, t(F32, 2, 4, 3))
              .rejecting(g -> new Value[] {f32(g, 2, 3), f32(g, 4)}));
    }
    for (Op op :
        List.of(
            Op.NEG,
            Op.ABS,
            Op.SQRT,
            Op.EXP,
            Op.LOG,
            Op.TANH,
            Op.SIGMOID,
            Op.RELU,
            Op.ERF,
            Op.GELU,
            Op.SIN,
            Op.COS,
            Op.IDENTITY,
            Op.FLOOR,
            Op.SIGN)) {
      CASES.put(op, accepts(g -> new Value[] {f32(g, 2, 3)}, t(F32, 2, 3)));
    }
    CASES.put(
        Op.CAST,
        accepts(Attributes.of("to", F64.onnxCode()), g -> new Value[] {f32(g, 2, 3)}, t(F64, 2, 3))
            .rejecting(Attributes.of("to", 999)));
    CASES.put(
        Op.CLIP,
        accepts(g -> new Value[] {f32(g, 2, 3), f32(g), f32(g)}, t(F32, 2, 3))
            .rejecting(g -> new Value[] {f32(g, 2, 3), f32(g, 2), f32(g)}));
    for (Op op : List.of(Op.LESS, Op.GREATER, Op.EQUAL)) {
      CASES.put(
          op,
          accepts(g -> new Value[] {f32(g, 2, 1), f32(g, 3)}, t(BOOL, 2, 3))
              .rejecting(g -> new Value[] {f32(g, 2, 1), x(g, F64, 3)}));
    }
    CASES.put(
        Op.NOT,
        accepts(g -> new Value[] {x(g, BOOL, 2)}, t(BOOL, 2))
            .rejecting(g -> new Value[] {f32(g, 2)}));
    for (Op op : List.of(Op.AND, Op.OR)) {
      CASES.put(
          op,
          accepts(g -> new Value[] {x(g, BOOL, 2, 1), x(g, BOOL, 3)}, t(BOOL, 2, 3))
              .rejecting(g -> new Value[] {x(g, BOOL, 2, 1), f32(g, 3)}));
    }
    CASES.put(
        Op.WHERE,
        accepts(g -> new Value[] {x(g, BOOL, 2, 1), f32(g, 1, 3), f32(g, 2, 3)}, t(F32, 2, 3))
            .rejecting(g -> new Value[] {f32(g, 2, 1), f32(g, 1, 3), f32(g, 2, 3)}));
    CASES.put(
        Op.MATMUL,
        accepts(g -> new Value[] {f32(g, 5, 2, 3), f32(g, 3, 4)}, t(F32, 5, 2, 4))
            .rejecting(g -> new Value[] {f32(g, 2, 3), f32(g, 2, 4)}));
    CASES.put(
        Op.GEMM,
        accepts(
                Attributes.of("transA", 1),
                g -> new Value[] {f32(g, 3, 2), f32(g, 3, 4), f32(g, 4)},
                t(F32, 2, 4))
            .rejecting(g -> new Value[] {f32(g, 3, 2), f32(g, 2, 4), f32(g, 4)}));
    CASES.put(
        Op.DYNAMIC_QUANTIZE_MAT_MUL,
        accepts(
                g -> new Value[] {f32(g, 5, 2, 3), x(g, DType.I8, 3, 4), f32(g, 4)},
                t(F32, 5, 2, 4))
            .rejecting(g -> new Value[] {f32(g, 5, 2, 3), f32(g, 3, 4), f32(g, 4)}));
    for (Op op : List.of(Op.SOFTMAX, Op.LOG_SOFTMAX)) {
      CASES.put(
          op,
          accepts(Attributes.of("axis", 1), g -> new Value[] {f32(g, 2, 3)}, t(F32, 2, 3))
              .rejecting(Attributes.of("axis", 2)));
    }
    CASES.put(
        Op.LAYER_NORMALIZATION,
        accepts(
                g -> new Value[] {f32(g, 2, 3, 4), f32(g, 4), f32(g, 4)},
                t(F32, 2, 3, 4),
                t(F32, 2, 3, 1),
                t(F32, 2, 3, 1))
            .rejecting(g -> new Value[] {f32(g, 2, 3, 4), f32(g, 3), f32(g, 4)}));
    CASES.put(
        Op.REDUCE_SUM,
        accepts(
                Attributes.of("keepdims", 0),
                g -> new Value[] {f32(g, 2, 3, 4), longs(g, 1)},
                t(F32, 2, 4))
            .rejecting(g -> new Value[] {f32(g, 2, 3, 4), longs(g, 3)}));
    for (Op op : List.of(Op.REDUCE_MEAN, Op.REDUCE_MAX)) {
      CASES.put(
          op,
          accepts(
                  Attributes.of("axes", new long[] {0, 2}),
                  g -> new Value[] {f32(g, 2, 3, 4)},
                  t(F32, 1, 3, 1))
              .rejecting(Attributes.of("axes", new long[] {5})));
    }
    CASES.put(
        Op.RESHAPE,
        accepts(g -> new Value[] {f32(g, 2, 3, 4), longs(g, 4, -1)}, t(F32, 4, 6))
            .rejecting(g -> new Value[] {f32(g, 2, 3, 4), longs(g, 5, -1)}));
    CASES.put(
        Op.TRANSPOSE,
        accepts(
                Attributes.of("perm", new long[] {2, 0, 1}),
                g -> new Value[] {f32(g, 2, 3, 4)},
                t(F32, 4, 2, 3))
            .rejecting(Attributes.of("perm", new long[] {0, 1})));
    CASES.put(
        Op.CONCAT,
        accepts(
                Attributes.of("axis", 1),
                g -> new Value[] {f32(g, 2, 3), f32(g, 2, 5)},
                t(F32, 2, 8))
            .rejecting(g -> new Value[] {f32(g, 2, 3), f32(g, 4, 5)}));
    CASES.put(
        Op.SPLIT,
        accepts(
                Attributes.of("axis", 1),
                g -> new Value[] {f32(g, 2, 6), longs(g, 2, 4)},
                t(F32, 2, 2),
                t(F32, 2, 4))
            .rejecting(g -> new Value[] {f32(g, 2, 6), longs(g, 2, 3)}));
    CASES.put(
        Op.SLICE,
        accepts(
                g -> new Value[] {f32(g, 4, 6), longs(g, 1), longs(g, 3), longs(g, 1)},
                t(F32, 4, 2))
            .rejecting(g -> new Value[] {f32(g, 4, 6), longs(g, 1, 0), longs(g, 3), longs(g, 1)}));
    CASES.put(
        Op.PAD,
        accepts(g -> new Value[] {f32(g, 2, 3), longs(g, 0, 1, 1, 0)}, t(F32, 3, 4))
            .rejecting(g -> new Value[] {f32(g, 2, 3), longs(g, 0, 1)}));
    CASES.put(
        Op.GATHER,
        accepts(g -> new Value[] {f32(g, 5, 4), x(g, I64, 2, 3)}, t(F32, 2, 3, 4))
            .rejecting(g -> new Value[] {f32(g, 5, 4), f32(g, 2, 3)}));
    CASES.put(
        Op.GATHER_ELEMENTS,
        accepts(
                Attributes.of("axis", 1),
                g -> new Value[] {f32(g, 3, 4), x(g, I64, 2, 4)},
                t(F32, 2, 4))
            .rejecting(g -> new Value[] {f32(g, 3, 4), x(g, I64, 4)}));
    CASES.put(
        Op.GATHER_ND,
        accepts(g -> new Value[] {f32(g, 3, 4, 5), x(g, I64, 6, 2)}, t(F32, 6, 5))
            .rejecting(g -> new Value[] {f32(g, 3, 4, 5), x(g, I64, 6, 4)}));
    CASES.put(
        Op.SCATTER_ELEMENTS,
        accepts(g -> new Value[] {f32(g, 3, 4), x(g, I64, 2, 4), f32(g, 2, 4)}, t(F32, 3, 4))
            .rejecting(g -> new Value[] {f32(g, 3, 4), x(g, I64, 2, 4), f32(g, 2, 3)}));
    CASES.put(
        Op.SCATTER_ND,
        accepts(g -> new Value[] {f32(g, 3, 4), x(g, I64, 2, 1), f32(g, 2, 4)}, t(F32, 3, 4))
            .rejecting(g -> new Value[] {f32(g, 3, 4), x(g, I64, 2, 1), f32(g, 2, 3)}));
    CASES.put(
        Op.EXPAND,
        accepts(g -> new Value[] {f32(g, 1, 3), longs(g, 2, 3)}, t(F32, 2, 3))
            .rejecting(g -> new Value[] {f32(g, 1, 3), longs(g, 2, 4)}));
    CASES.put(
        Op.SQUEEZE,
        accepts(g -> new Value[] {f32(g, 2, 1, 3), longs(g, 1)}, t(F32, 2, 3))
            .rejecting(g -> new Value[] {f32(g, 2, 1, 3), longs(g, 0)}));
    CASES.put(
        Op.UNSQUEEZE,
        accepts(g -> new Value[] {f32(g, 2, 3), longs(g, 0, 3)}, t(F32, 1, 2, 3, 1))
            .rejecting(g -> new Value[] {f32(g, 2, 3), longs(g, 4)}));
    CASES.put(
        Op.CONV,
        accepts(
                Attributes.of("strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}),
                g -> new Value[] {f32(g, 1, 2, 5, 5), f32(g, 3, 2, 3, 3), f32(g, 3)},
                t(F32, 1, 3, 3, 3))
            .rejecting(g -> new Value[] {f32(g, 1, 2, 5, 5), f32(g, 3, 4, 3, 3), f32(g, 3)}));
    CASES.put(
        Op.CONV_TRANSPOSE,
        accepts(
                Attributes.of("strides", new long[] {2, 2}),
                g -> new Value[] {f32(g, 1, 3, 4, 4), f32(g, 3, 2, 3, 3)},
                t(F32, 1, 2, 9, 9))
            .rejecting(g -> new Value[] {f32(g, 1, 3, 4, 4), f32(g, 2, 2, 3, 3)}));
  }

  @Test
  void everyOpOfTheTableHasACase() {
    List<Op> missing = Arrays.stream(Op.values()).filter(op -> !CASES.containsKey(op)).toList();
    assertEquals(
        List.of(), missing, "ops of the table without a shape-rule case in ShapeRulesTest");
  }

  @TestFactory
  Stream<DynamicTest> eachShapeRuleOnValidInputs() {
    return CASES.entrySet().stream()
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey().onnxName(),
                    () -> {
                      Graph g = new Graph();
                      List<Value> outputs =
                          g.apply(
                              e.getKey(), e.getValue().attributes(), e.getValue().valid().in(g));
                      assertEquals(
                          e.getValue().expected(), outputs.stream().map(Value::type).toList());
                    }));
  }

  @TestFactory
  Stream<DynamicTest> eachShapeRuleRejectsAMismatch() {
    return CASES.entrySet().stream()
        .filter(e -> e.getValue().mismatch() != null)
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey().onnxName(),
                    () -> {
                      Graph g = new Graph();
                      Case c = e.getValue();
                      Value[] in = c.mismatch().in(g);
                      ShapeException error =
                          assertThrows(
                              ShapeException.class,
                              () -> g.apply(e.getKey(), c.mismatchAttributes(), in));
                      assertTrue(
                          error.getMessage().contains("(" + e.getKey().onnxName() + ")"),
                          error.getMessage());
                    }));
  }

  @Test
  void dynamicQuantizeMatMulTakesAScalarOrPerColumnScaleAndMatchingInnerDimensions() {
    for (long[] scale : List.of(new long[0], new long[] {1}, new long[] {4})) {
      Graph g = new Graph();
      Value y = new Ops(g).dynamicQuantizeMatMul(f32(g, 2, 3), x(g, DType.I8, 3, 4), f32(g, scale));
      assertEquals(t(F32, 2, 4), y.type());
    }
    Graph biased = new Graph();
    Value y =
        new Ops(biased)
            .dynamicQuantizeMatMul(
                f32(biased, 5, 2, 3), x(biased, DType.I8, 3, 4), f32(biased, 4), f32(biased, 4));
    assertEquals(t(F32, 5, 2, 4), y.type());
    List<Inputs> bad =
        List.of(
            g -> new Value[] {f32(g, 2, 3), x(g, DType.I8, 3, 4), f32(g, 3)},
            g -> new Value[] {f32(g, 2, 3), x(g, DType.I8, 2, 4), f32(g, 4)},
            g -> new Value[] {f32(g, 3), x(g, DType.I8, 3, 4), f32(g, 4)},
            g -> new Value[] {f32(g, 2, 3), x(g, DType.I8, 3, 4), x(g, DType.F64, 4)},
            g -> new Value[] {f32(g, 2, 3), x(g, DType.I8, 3, 4), f32(g, 4), null, f32(g, 3)},
            g -> new Value[] {f32(g, 2, 3), x(g, DType.I8, 3, 4), f32(g, 4), null, f32(g, 1, 4)},
            g -> new Value[] {f32(g, 2, 3), x(g, DType.I8, 3, 4), f32(g, 4), x(g, DType.I8, 4)});
    for (Inputs in : bad) {
      Graph g = new Graph();
      Value[] values = in.in(g);
      ShapeException e =
          assertThrows(
              ShapeException.class,
              () -> g.apply(Op.DYNAMIC_QUANTIZE_MAT_MUL, Attributes.none(), values));
      assertTrue(e.getMessage().contains("DynamicQuantizeMatMul"), e.getMessage());
    }
  }
}

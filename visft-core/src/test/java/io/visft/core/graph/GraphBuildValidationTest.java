package io.visft.core.graph;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/** Nodes that do not fit their row of the op table are graph-building errors, not shape errors. */
class GraphBuildValidationTest {

  private static void assertRejected(String expectedInMessage, Executable build) {
    GraphBuildException e = assertThrows(GraphBuildException.class, build);
    assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
  }

  @TestFactory
  Stream<DynamicTest> everyOpRefusesTooFewAndTooManyInputs() {
    return Arrays.stream(Op.values())
        .map(
            op ->
                DynamicTest.dynamicTest(
                    op.onnxName(),
                    () -> {
                      Graph g = new Graph();
                      Value x = g.input("x", DType.F32, 2);
                      Value[] tooFew = new Value[op.minInputs() - 1];
                      Arrays.fill(tooFew, x);
                      assertRejected(
                          "(" + op.onnxName() + "): takes ",
                          () -> g.apply(op, Attributes.none(), tooFew));
                      if (op.maxInputs() < Integer.MAX_VALUE) {
                        Value[] tooMany = new Value[op.maxInputs() + 1];
                        Arrays.fill(tooMany, x);
                        assertRejected(
                            "got " + tooMany.length, () -> g.apply(op, Attributes.none(), tooMany));
                      }
                    }));
  }

  @Test
  void attributesMustBeKnownOfTheirKindAndPresentWhenRequired() {
    Graph g = new Graph();
    Value x = g.input("x", DType.F32, 2, 3);
    assertRejected(
        "unknown attribute 'axes', expected one of [axis]",
        () -> g.apply(Op.SOFTMAX, Attributes.of("axes", 1), x));
    assertRejected(
        "attribute 'axis' must be INT, got String",
        () -> g.apply(Op.SOFTMAX, Attributes.of("axis", "last"), x));
    assertRejected(
        "missing required attribute 'perm' (INTS)",
        () -> g.apply(Op.TRANSPOSE, Attributes.none(), x));
  }

  @Test
  void inputsMustBePresentAndFromTheSameGraph() {
    Graph g = new Graph();
    Value x = g.input("x", DType.F32, 2);
    Value stranger = new Graph().input("y", DType.F32, 2);
    assertRejected(
        "input 1 (y) belongs to another graph",
        () -> g.apply(Op.ADD, Attributes.none(), x, stranger));
    assertRejected(
        "input 1 is required but null", () -> g.apply(Op.ADD, Attributes.none(), x, null));
  }

  @Test
  void valueNamesAreUnique() {
    Graph g = new Graph();
    g.input("x", DType.F32, 2);
    assertRejected("a value named 'x' already exists", () -> g.input("x", DType.F32, 3));
  }
}

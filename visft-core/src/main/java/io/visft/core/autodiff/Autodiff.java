package io.visft.core.autodiff;

import io.visft.api.ShapeException;
import io.visft.core.graph.Differentiability;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Node;
import io.visft.core.graph.Op;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Segment;
import io.visft.core.graph.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reverse-mode automatic differentiation over a {@link Graph}: the backward pass is added to the
 * same graph as ordinary ONNX nodes, one vector-Jacobian rule per op from {@link GradientRegistry}.
 *
 * <p>Spans marked with {@link Graph#recomputedInBackward} are emitted again, fed from their stored
 * input, when the backward pass reaches them, and their gradient rules read the recomputed values;
 * the same ops in the same order give the same gradients as the stored activations.
 *
 * <p>Only nodes that lie on a path from a requested variable to an output are differentiated, and
 * exporting only the requested outputs prunes everything else.
 */
public final class Autodiff {
  private Autodiff() {}

  /**
   * Gradients of a scalar {@code loss} with respect to {@code wrt}.
   *
   * @return one gradient per variable, with the variable's type, in {@code wrt}'s order
   * @throws ShapeException if {@code loss} is not a scalar
   * @throws UnsupportedOperationException naming the node when a path crosses an op without a rule
   */
  public static Map<Value, Value> gradients(Value loss, List<Value> wrt) {
    if (loss.rank() != 0) {
      throw new ShapeException(
          "loss '"
              + loss.name()
              + "' must be a scalar, it has type "
              + loss.type()
              + "; reduce it (ReduceSum/ReduceMean) or use vjp() with a cotangent");
    }
    Ops ops = new Ops(loss.graph());
    return vjp(List.of(loss), List.of(ops.scalarLike(loss, 1)), wrt);
  }

  /**
   * Vector-Jacobian products: the gradient of {@code Σ_i <outputs_i, cotangents_i>} with respect to
   * each of {@code wrt}; a variable the outputs do not depend on gets zeros.
   *
   * @throws IllegalStateException naming the node, the op and the counts when a gradient rule does
   *     not return one entry per input
   */
  public static Map<Value, Value> vjp(
      List<Value> outputs, List<Value> cotangents, List<Value> wrt) {
    return vjp(outputs, cotangents, wrt, GradientRegistry::rule);
  }

  /** {@link #vjp(List, List, List)} with the gradient rules looked up in {@code rules}. */
  static Map<Value, Value> vjp(
      List<Value> outputs,
      List<Value> cotangents,
      List<Value> wrt,
      Function<Op, Optional<GradientRule>> rules) {
    if (outputs.size() != cotangents.size() || outputs.isEmpty()) {
      throw new IllegalArgumentException(
          "need one cotangent per output, got "
              + outputs.size()
              + " outputs and "
              + cotangents.size()
              + " cotangents");
    }
    Graph graph = outputs.get(0).graph();
    Ops ops = new Ops(graph);
    Set<Value> dependsOnWrt = forwardReach(graph, wrt);
    Map<Value, Value> grads = new HashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      Value out = outputs.get(i);
      Value ct = cotangents.get(i);
      if (!Arrays.equals(out.shape(), ct.shape()) || out.dtype() != ct.dtype()) {
        throw new ShapeException("cotangent " + ct + " must have the type of output " + out);
      }
      accumulate(ops, grads, out, ct);
    }
    List<Node> nodes = new ArrayList<>(graph.nodes());
    Map<Value, Value> recomputed = new LinkedHashMap<>();
    Set<Segment> emitted = new LinkedHashSet<>();
    for (int n = nodes.size() - 1; n >= 0; n--) {
      Node node = nodes.get(n);
      List<Value> outGrads = node.outputs().stream().map(grads::get).toList();
      if (outGrads.stream().allMatch(Objects::isNull)
          || node.inputs().stream().noneMatch(dependsOnWrt::contains)) {
        continue;
      }
      Differentiability d = node.op().differentiability();
      if (d == Differentiability.NONE) {
        continue;
      }
      GradientRule rule =
          rules
              .apply(node.op())
              .orElseThrow(
                  () ->
                      new UnsupportedOperationException(
                          node
                              + " lies between the variables and the loss but op "
                              + node.op().onnxName()
                              + " has no gradient rule ("
                              + d
                              + ")"));
      boolean[] needs = new boolean[node.inputs().size()];
      for (int i = 0; i < needs.length; i++) {
        needs[i] = dependsOnWrt.contains(node.input(i));
      }
      for (Segment seg : graph.segments()) {
        if (seg.contains(n) && emitted.add(seg) && grads.get(seg.output()) != null) {
          recompute(ops, seg, grads.get(seg.output()), nodes, recomputed);
        }
      }
      Node view = recomputed.isEmpty() ? node : remapped(node, recomputed);
      List<Value> inGrads =
          graph.inScope(
              node.name() + "/grad",
              () -> rule.vjp(new GradientContext(ops, view, outGrads, needs)));
      requireOnePerInput(node, inGrads);
      for (int i = 0; i < needs.length; i++) {
        if (needs[i] && inGrads.get(i) != null) {
          accumulate(ops, grads, node.input(i), inGrads.get(i));
        }
      }
    }
    Map<Value, Value> result = new LinkedHashMap<>();
    for (Value w : wrt) {
      Value g = grads.get(w);
      result.put(w, g != null ? g : ops.zeros(w.type()));
    }
    return result;
  }

  /**
   * Emits {@code seg}'s nodes again, fed from its stored input, and records each original value's
   * recomputed twin in {@code recomputed}. The copy's input is {@code input + 0·g[0]}, where {@code
   * g} is the gradient of the span's output: the value is the input itself (adding a zero is
   * exact), but the dependency keeps ONNX Runtime from running the copy before the backward pass
   * reaches the span, and makes the copy's nodes differ from the originals, so common-
   * subexpression elimination cannot merge them back.
   */
  private static void recompute(
      Ops ops, Segment seg, Value outputGrad, List<Node> nodes, Map<Value, Value> recomputed) {
    Graph graph = seg.input().graph();
    graph.inScope(
        seg.name() + "/recompute",
        () -> {
          Value first = ops.slice(ops.reshape(outputGrad, outputGrad.type().numel()), 0, 0, 1);
          Value zero = ops.mul(first, ops.scalarLike(first, 0));
          recomputed.put(seg.input(), ops.add(seg.input(), ops.cast(zero, seg.input().dtype())));
          for (int i = seg.firstNode(); i < seg.endNode(); i++) {
            Node original = nodes.get(i);
            Value[] inputs =
                original.inputs().stream()
                    .map(v -> v == null ? null : recomputed.getOrDefault(v, v))
                    .toArray(Value[]::new);
            List<Value> outs = graph.apply(original.op(), original.attributes(), inputs);
            for (int k = 0; k < outs.size(); k++) {
              recomputed.put(original.output(k), outs.get(k));
            }
          }
          return null;
        });
  }

  /**
   * {@code node} with its inputs and outputs replaced by their recomputed twins where they have
   * one.
   */
  private static Node remapped(Node node, Map<Value, Value> recomputed) {
    return new Node(
        node.name(),
        node.op(),
        node.inputs().stream().map(v -> v == null ? null : recomputed.getOrDefault(v, v)).toList(),
        node.outputs().stream().map(v -> recomputed.getOrDefault(v, v)).toList(),
        node.attributes());
  }

  /**
   * A rule returns one entry per input of the node, {@code null} where the input takes no gradient.
   * Entries for optional inputs the node omits may follow, and must be {@code null}.
   */
  private static void requireOnePerInput(Node node, List<Value> inGrads) {
    int inputs = node.inputs().size();
    int returned = inGrads == null ? 0 : inGrads.size();
    boolean extraGradient =
        inGrads != null
            && inGrads.subList(Math.min(inputs, returned), returned).stream()
                .anyMatch(Objects::nonNull);
    if (returned < inputs || returned > node.op().maxInputs() || extraGradient) {
      throw new IllegalStateException(
          "the gradient rule of "
              + node.op().onnxName()
              + " returned "
              + (inGrads == null ? "no list" : returned + " gradients")
              + " for node '"
              + node.name()
              + "' with "
              + inputs
              + " inputs; a rule must return one entry per input (null where an input takes no gradient), so fix the rule "
              + "in GradientRegistry");
    }
  }

  private static void accumulate(Ops ops, Map<Value, Value> grads, Value v, Value g) {
    if (!Arrays.equals(g.shape(), v.shape())) {
      throw new ShapeException("internal: gradient " + g + " does not match value " + v);
    }
    grads.merge(v, g, ops::add);
  }

  /** Values that depend on any of {@code wrt} (including themselves). */
  private static Set<Value> forwardReach(Graph graph, List<Value> wrt) {
    Set<Value> reach = new HashSet<>(wrt);
    for (Node node : graph.nodes()) {
      if (node.inputs().stream().anyMatch(reach::contains)) {
        reach.addAll(node.outputs());
      }
    }
    return reach;
  }
}

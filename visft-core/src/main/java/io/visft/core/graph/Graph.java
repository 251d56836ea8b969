package io.visft.core.graph;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A static-shape computation graph under construction. Values are added in topological order, so
 * creation order ({@link Value#id()}) is a valid execution order.
 *
 * <p>Build ops through {@link Ops}; this class validates every node against the {@link Op} table.
 * Not thread-safe.
 */
public final class Graph {

  private final List<Value> values = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Value> byName = new HashMap<>();
  private final Deque<String> scopes = new ArrayDeque<>();
  private final List<Segment> segments = new ArrayList<>();
  private int nodeCounter;

  /** Declares an input fed on every run. */
  public Value input(String name, DType dtype, long... shape) {
    return add(name, new TensorType(dtype, shape), Value.Kind.INPUT, null, null);
  }

  /**
   * Declares a frozen weight whose data the runtime holds (memory-mapped or direct buffers are used
   * as they are, never copied into the model proto).
   */
  public Value weight(String name, HostTensor data) {
    return add(name, new TensorType(data.dtype(), data.shape()), Value.Kind.WEIGHT, null, data);
  }

  /** Declares a frozen weight whose data will be bound later (at session creation). */
  public Value weight(String name, DType dtype, long... shape) {
    return add(name, new TensorType(dtype, shape), Value.Kind.WEIGHT, null, null);
  }

  /** A small constant embedded in the model. */
  public Value constant(HostTensor data) {
    return add(
        freshName("const"),
        new TensorType(data.dtype(), data.shape()),
        Value.Kind.CONSTANT,
        null,
        data);
  }

  /**
   * Runs {@code body} with node names prefixed by {@code scope} (e.g. {@code blocks.3/attn}), so
   * that validation errors and profiles point at the layer.
   */
  public <T> T inScope(String scope, java.util.function.Supplier<T> body) {
    scopes.addLast(scope);
    try {
      return body.get();
    } finally {
      scopes.removeLast();
    }
  }

  /**
   * Builds {@code body} on {@code input} as a span whose forward pass the backward pass recomputes
   * ({@link Segment}): gradients through it are those of the stored activations, while only {@code
   * input} stays alive for the backward pass. Without a backward pass it changes nothing.
   *
   * @param name the span's name (e.g. {@code blocks.3})
   * @param input the activation the body reads ({@code [B, N, D]} for a transformer block)
   * @param body the span; it may read frozen weights and graph inputs besides {@code input}
   * @return the body's output, of {@code input}'s type
   */
  public Value recomputedInBackward(
      String name, Value input, java.util.function.UnaryOperator<Value> body) {
    int first = nodes.size();
    Value output = body.apply(input);
    if (!output.type().equals(input.type())) {
      throw new ShapeException(
          "recomputed span '"
              + name
              + "' must keep its input's type "
              + input.type()
              + ", it returns "
              + output.type());
    }
    segments.add(new Segment(name, input, output, first, nodes.size()));
    return output;
  }

  /** The recomputed spans, in creation order. */
  public List<Segment> segments() {
    return Collections.unmodifiableList(segments);
  }

  /**
   * Adds a node after validating arity, input types, attributes and shapes against the op table.
   *
   * @return the node's outputs
   * @throws GraphBuildException when the arity, an input's graph or the attributes do not fit the
   *     op's row
   * @throws ShapeException when the op's shape rule rejects the input shapes or dtypes; both name
   *     the node, the op and what was expected
   */
  public List<Value> apply(Op op, Attributes attributes, Value... inputs) {
    String nodeName = scopedName(op.onnxName() + "_" + nodeCounter++);
    if (inputs.length < op.minInputs() || inputs.length > op.maxInputs()) {
      throw invalid(nodeName, op, "takes " + arity(op) + " inputs, got " + inputs.length);
    }
    for (int i = 0; i < inputs.length; i++) {
      Value v = inputs[i];
      if (v == null && i < op.minInputs()) {
        throw invalid(nodeName, op, "input " + i + " is required but null");
      }
      if (v != null && v.graph() != this) {
        throw invalid(nodeName, op, "input " + i + " (" + v.name() + ") belongs to another graph");
      }
    }
    Attributes attrs = validateAttributes(nodeName, op, attributes);
    List<Value> in = Collections.unmodifiableList(new ArrayList<>(java.util.Arrays.asList(inputs)));
    List<TensorType> outTypes;
    try {
      outTypes = op.shapeRule().infer(in, attrs);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new ShapeException(describe(nodeName, op, e.getMessage() + "; inputs " + in));
    }
    List<Value> outs = new ArrayList<>();
    Node node = new Node(nodeName, op, in, Collections.unmodifiableList(outs), attrs);
    for (int i = 0; i < outTypes.size(); i++) {
      outs.add(
          add(
              nodeName + (outTypes.size() == 1 ? "" : ":" + i),
              outTypes.get(i),
              Value.Kind.NODE,
              node,
              null));
    }
    nodes.add(node);
    return node.outputs();
  }

  private Attributes validateAttributes(String nodeName, Op op, Attributes given) {
    Map<String, AttrSpec> specs =
        op.attributes().stream()
            .collect(Collectors.toMap(AttrSpec::name, s -> s, (x, y) -> x, LinkedHashMap::new));
    for (Map.Entry<String, Object> e : given.asMap().entrySet()) {
      AttrSpec spec = specs.get(e.getKey());
      if (spec == null) {
        throw invalid(
            nodeName,
            op,
            "unknown attribute '"
                + e.getKey()
                + "', expected one of "
                + op.attributes().stream().map(AttrSpec::name).toList());
      }
      if (!spec.kind().accepts(e.getValue())) {
        throw invalid(
            nodeName,
            op,
            "attribute '"
                + e.getKey()
                + "' must be "
                + spec.kind()
                + ", got "
                + e.getValue().getClass().getSimpleName());
      }
    }
    for (AttrSpec s : op.attributes()) {
      if (s.isRequired() && !given.has(s.name())) {
        throw invalid(
            nodeName, op, "missing required attribute '" + s.name() + "' (" + s.kind() + ")");
      }
    }
    return given.withDefaults(op.attributes());
  }

  private static GraphBuildException invalid(String nodeName, Op op, String what) {
    return new GraphBuildException(describe(nodeName, op, what));
  }

  private static String describe(String nodeName, Op op, String what) {
    return "node '" + nodeName + "' (" + op.onnxName() + "): " + what;
  }

  private static String arity(Op op) {
    if (op.maxInputs() == Integer.MAX_VALUE) {
      return "at least " + op.minInputs();
    }
    return op.minInputs() == op.maxInputs()
        ? String.valueOf(op.minInputs())
        : op.minInputs() + " to " + op.maxInputs();
  }

  private Value add(String name, TensorType type, Value.Kind kind, Node producer, HostTensor data) {
    if (data != null && !new TensorType(data.dtype(), data.shape()).equals(type)) {
      throw new ShapeException(
          "value '" + name + "': data " + data + " does not match type " + type);
    }
    if (byName.containsKey(name)) {
      throw new GraphBuildException(
          "a value named '" + name + "' already exists in this graph; names must be unique");
    }
    Value v = new Value(this, values.size(), name, type, kind, producer, data);
    values.add(v);
    byName.put(name, v);
    return v;
  }

  private String freshName(String base) {
    return scopedName(base + "_" + nodeCounter++);
  }

  private String scopedName(String base) {
    return scopes.isEmpty() ? base : String.join("/", scopes) + "/" + base;
  }

  /** All values in creation (topological) order. */
  public List<Value> values() {
    return Collections.unmodifiableList(values);
  }

  /** All nodes in creation (topological) order. */
  public List<Node> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  /** Looks a value up by name. */
  public Value value(String name) {
    Value v = byName.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no value named '" + name + "' in this graph");
    }
    return v;
  }

  /** The value named {@code name}, if there is one. */
  public java.util.Optional<Value> find(String name) {
    return java.util.Optional.ofNullable(byName.get(name));
  }

  /** Values of a kind, in creation order. */
  public List<Value> valuesOf(Value.Kind kind) {
    return values.stream().filter(v -> v.kind() == kind).toList();
  }

  /**
   * The nodes needed to compute {@code outputs}, in topological order (everything else is pruned).
   */
  public List<Node> nodesNeededFor(List<Value> outputs) {
    Set<Node> needed = new HashSet<>();
    Deque<Value> todo = new ArrayDeque<>(outputs);
    while (!todo.isEmpty()) {
      Value v = todo.pop();
      v.producer()
          .ifPresent(
              n -> {
                if (needed.add(n)) {
                  n.inputs().stream().filter(java.util.Objects::nonNull).forEach(todo::push);
                }
              });
    }
    return nodes.stream().filter(needed::contains).toList();
  }
}

package io.visft.core.graph;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.util.Optional;

/**
 * A tensor in a {@link Graph}: a graph input fed at run time, a frozen weight held by the runtime,
 * a small constant embedded in the model, or the output of a node.
 *
 * <p>Values are created by their graph and compared by identity.
 */
public final class Value {

  /** Where a value comes from. */
  public enum Kind {
    /** Fed on every run (batch data, trainable tensors, seeds). */
    INPUT,
    /** A frozen weight: kept by the runtime, never serialized into the model proto. */
    WEIGHT,
    /** A small constant embedded in the model proto. */
    CONSTANT,
    /** The output of a node. */
    NODE
  }

  private final Graph graph;
  private final int id;
  private final String name;
  private final TensorType type;
  private final Kind kind;
  private final Node producer;
  private final HostTensor data;

  Value(
      Graph graph,
      int id,
      String name,
      TensorType type,
      Kind kind,
      Node producer,
      HostTensor data) {
    this.graph = graph;
    this.id = id;
    this.name = name;
    this.type = type;
    this.kind = kind;
    this.producer = producer;
    this.data = data;
  }

  public Graph graph() {
    return graph;
  }

  /** Creation order within the graph; also a topological order. */
  public int id() {
    return id;
  }

  /** The unique name this value has in the exported model. */
  public String name() {
    return name;
  }

  public TensorType type() {
    return type;
  }

  public DType dtype() {
    return type.dtype();
  }

  public long[] shape() {
    return type.shape();
  }

  public int rank() {
    return type.rank();
  }

  public long dim(int axis) {
    return type.dim(axis);
  }

  public Kind kind() {
    return kind;
  }

  /** The node producing this value, for {@link Kind#NODE} values. */
  public Optional<Node> producer() {
    return Optional.ofNullable(producer);
  }

  /** The data of a {@link Kind#CONSTANT} or {@link Kind#WEIGHT} value. */
  public Optional<HostTensor> data() {
    return Optional.ofNullable(data);
  }

  @Override
  public String toString() {
    return name + ":" + type;
  }
}

package io.visft.heads;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.TensorConversions;
import io.visft.core.io.TensorSource;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.train.Parameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameter values of one task head: a fixed spec (checkpoint name → shape, in checkpoint
 * order) and one live F32 array per name. Every head keeps its parameters here, so all heads copy
 * out, load, bind and save the same way and fail with the same errors:
 *
 * <ul>
 *   <li>{@link #load} takes exactly the spec's names (F16 and BF16 widened to F32); missing or
 *       unexpected names and a wrong shape throw {@link ShapeException}, NaN or infinity throws
 *       {@link NumericException}; nothing is replaced when any check fails;
 *   <li>{@link #copy} returns copies in spec order; {@link #share} hands the live arrays to a
 *       training run's {@link Parameters} without copying, so the head always holds the values
 *       training reached.
 * </ul>
 *
 * Mutable and not thread-safe.
 */
public final class HeadParameters {
  /** How many names an error message lists before it gives only a count. */
  private static final int LISTED = 5;

  private final String owner;
  private final String specSource;
  private final Map<String, long[]> shapes = new LinkedHashMap<>();
  private final Map<String, float[]> values = new LinkedHashMap<>();

  private HeadParameters(String owner, String specSource, Map<String, long[]> spec) {
    this.owner = owner;
    this.specSource = specSource;
    spec.forEach(
        (name, shape) -> {
          shapes.put(name, shape.clone());
          values.put(name, new float[Math.toIntExact(HostTensor.numel(shape))]);
        });
  }

  /**
   * Parameters of {@code spec} holding {@code initial} (checked and copied as by {@link #load}).
   *
   * @param owner names the head in error messages, e.g. {@code caption head}
   * @param specSource where a user finds the expected names, e.g. {@code
   *     SegmentationParameters.shapes(config)}
   * @param spec every parameter's shape by checkpoint name, in checkpoint order
   */
  public static HeadParameters of(
      String owner, String specSource, Map<String, long[]> spec, Map<String, HostTensor> initial) {
    HeadParameters p = new HeadParameters(owner, specSource, spec);
    p.load(initial);
    return p;
  }

  /** The checkpoint names in spec order. */
  public List<String> names() {
    return List.copyOf(shapes.keySet());
  }

  /** The shape of parameter {@code name}. */
  public long[] shape(String name) {
    long[] shape = shapes.get(name);
    if (shape == null) {
      throw new ShapeException(
          String.format("%s has no parameter '%s'; see %s", owner, name, specSource));
    }
    return shape.clone();
  }

  /** Copies of every parameter by checkpoint name, in spec order. */
  public Map<String, HostTensor> copy() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    values.forEach((name, v) -> out.put(name, HostTensor.ofFloats(v.clone(), shapes.get(name))));
    return out;
  }

  /**
   * Replaces every value, writing into the live arrays (so a {@link #share shared} run sees them).
   *
   * @param tensors exactly the spec's names; F16 and BF16 are widened to F32
   * @throws ShapeException naming missing or unexpected names, or a tensor of the wrong shape
   * @throws NumericException naming a tensor that holds NaN or infinity
   */
  public void load(Map<String, HostTensor> tensors) {
    Set<String> unexpected = new TreeSet<>(tensors.keySet());
    Set<String> missing = new TreeSet<>();
    for (String name : shapes.keySet()) {
      if (!unexpected.remove(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new ShapeException(
          String.format(
              "%s parameters do not match: missing %s, unexpected %s; load exactly the names of %s",
              owner, listed(missing), listed(unexpected), specSource));
    }
    Map<String, float[]> checked = new LinkedHashMap<>();
    shapes.forEach((name, shape) -> checked.put(name, checked(name, tensors.get(name))));
    checked.forEach((name, data) -> System.arraycopy(data, 0, values.get(name), 0, data.length));
  }

  /**
   * Replaces every value with the tensor of the same name in {@code source}, which may hold more (a
   * released ViSFT checkpoint with other heads and the backbone); other tensors are ignored.
   *
   * @throws ShapeException listing the parameters {@code source} lacks, or as {@link #load}
   * @throws NumericException as {@link #load}
   */
  public void loadFrom(TensorSource source) {
    Set<String> missing = new TreeSet<>(shapes.keySet());
    missing.removeAll(source.names());
    if (!missing.isEmpty()) {
      throw new ShapeException(
          String.format(
              "%s lacks %d %s parameters: %s; check the configuration (layer counts, widths) against the file",
              source.path(), missing.size(), owner, listed(missing)));
    }
    Map<String, HostTensor> selected = new LinkedHashMap<>();
    shapes.keySet().forEach(name -> selected.put(name, source.tensor(name)));
    load(selected);
  }

  /**
   * Declares every parameter in {@code graph} under its checkpoint name, in spec order: as an F32
   * input fed each step, or as a frozen weight holding a copy of the current value.
   */
  public Map<String, Value> bind(Graph graph, HeadParameterMode mode) {
    Map<String, Value> bound = new LinkedHashMap<>();
    values.forEach(
        (name, v) ->
            bound.put(
                name,
                mode == HeadParameterMode.TRAINABLE_INPUTS
                    ? graph.input(name, DType.F32, shapes.get(name))
                    : graph.weight(name, HostTensor.ofFloats(v.clone(), shapes.get(name)))));
    return bound;
  }

  /**
   * Registers the live arrays in {@code parameters} (not copied): an optimizer that updates them
   * updates this head.
   */
  public void share(Parameters parameters) {
    values.forEach((name, v) -> parameters.add(name, v, shapes.get(name)));
  }

  /**
   * Writes every parameter as F32 safetensors with {@code metadata} (the head's task and config);
   * the file is replaced.
   */
  public void save(Path file, Map<String, String> metadata) {
    SafetensorsWriter.write(file, copy(), metadata);
  }

  private float[] checked(String name, HostTensor tensor) {
    HostTensor t = TensorConversions.toF32(tensor, owner + " parameter " + name);
    long[] expected = shapes.get(name);
    if (!Arrays.equals(t.shape(), expected)) {
      throw new ShapeException(
          String.format(
              "%s parameter %s has shape %s, expected %s; see %s",
              owner, name, Arrays.toString(t.shape()), Arrays.toString(expected), specSource));
    }
    float[] data = t.toFloatArray();
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new NumericException(
            String.format(
                "%s parameter %s holds %s at flat index %d; refusing to load it",
                owner, name, data[i], i));
      }
    }
    return data;
  }

  private static String listed(Collection<String> names) {
    if (names.size() <= LISTED) {
      return names.toString();
    }
    List<String> first = new ArrayList<>(names).subList(0, LISTED);
    return first + " and " + (names.size() - LISTED) + " more";
  }
}

package io.visft.core.train;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable tensors of a run, by name: flat {@code float[]} arrays updated in place by an
 * {@link Optimizer} and fed to the training graph every step. Not thread-safe.
 */
public final class Parameters {
  private final Map<String, float[]> values = new LinkedHashMap<>();
  private final Map<String, long[]> shapes = new LinkedHashMap<>();

  /** Adds a tensor (copied). */
  public Parameters add(String name, HostTensor t) {
    return add(name, t.toFloatArray(), t.shape());
  }

  /** Adds a live array (shared, not copied). */
  public Parameters add(String name, float[] data, long... shape) {
    if (values.containsKey(name)) {
      throw new IllegalArgumentException("parameter '" + name + "' is already registered");
    }
    if (HostTensor.numel(shape) != data.length) {
      throw new ShapeException(
          "parameter '"
              + name
              + "' has "
              + data.length
              + " values but shape "
              + Arrays.toString(shape));
    }
    values.put(name, data);
    shapes.put(name, shape.clone());
    return this;
  }

  /** The live array of a parameter. */
  public float[] get(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no parameter '" + name + "', have " + values.keySet());
    }
    return v;
  }

  public long[] shape(String name) {
    get(name);
    return shapes.get(name).clone();
  }

  /** Names in registration order. */
  public java.util.Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** Copies of all parameters as tensors. */
  public Map<String, HostTensor> toTensors() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, HostTensor.ofFloats(v, shapes.get(k))));
    return out;
  }

  /** Overwrites values from tensors of matching names and shapes (all must be present). */
  public void load(Map<String, HostTensor> tensors) {
    for (String name : values.keySet()) {
      HostTensor t = tensors.get(name);
      if (t == null) {
        throw new ShapeException(
            "missing parameter '" + name + "' when loading; have " + tensors.keySet());
      }
      if (!Arrays.equals(t.shape(), shapes.get(name))) {
        throw new ShapeException(
            "parameter '"
                + name
                + "' must have shape "
                + Arrays.toString(shapes.get(name))
                + ", got "
                + Arrays.toString(t.shape()));
      }
      t.floatView().get(values.get(name));
    }
  }
}

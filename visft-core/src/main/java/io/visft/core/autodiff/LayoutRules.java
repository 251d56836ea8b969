package io.visft.core.autodiff;

import io.visft.core.graph.Ops;
import io.visft.core.graph.TensorType;
import io.visft.core.graph.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Vector-Jacobian rules of ops that move, select or scatter elements. */
final class LayoutRules {
  private LayoutRules() {}

  /** Reshape, Squeeze, Unsqueeze: the gradient takes the input's shape back. */
  static List<Value> reshapeBack(GradientContext c) {
    return Arrays.asList(c.ops().reshape(c.g(), c.x(0).shape()), null);
  }

  static List<Value> transpose(GradientContext c) {
    long[] perm = c.node().attributes().getInts("perm");
    long[] inverse = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[(int) perm[i]] = i;
    }
    return List.of(c.ops().transpose(c.g(), inverse));
  }

  static List<Value> concat(GradientContext c) {
    int axis = TensorType.normalizeAxis(c.node().attributes().getInt("axis"), c.x(0).rank());
    List<Value> out = new ArrayList<>();
    long offset = 0;
    for (int i = 0; i < c.node().inputs().size(); i++) {
      long size = c.x(i).dim(axis);
      out.add(c.needs(i) ? c.ops().slice(c.g(), axis, offset, offset + size) : null);
      offset += size;
    }
    return out;
  }

  static List<Value> split(GradientContext c) {
    Ops o = c.ops();
    int axis = TensorType.normalizeAxis(c.node().attributes().getInt("axis"), c.x(0).rank());
    Value[] parts = new Value[c.node().outputs().size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = c.g(i) != null ? c.g(i) : o.zeros(c.y(i).type());
    }
    return Arrays.asList(o.concat(axis, parts), null);
  }

  /** Slice (positive steps of 1) is undone by zero padding. */
  static List<Value> slice(GradientContext c) {
    Value x = c.x(0);
    long[] dims = x.shape();
    long[] starts = longs(c.x(1));
    long[] axes = c.node().inputs().size() > 3 && c.x(3) != null ? longs(c.x(3)) : null;
    if (c.node().inputs().size() > 4
        && c.x(4) != null
        && Arrays.stream(longs(c.x(4))).anyMatch(s -> s != 1)) {
      throw new UnsupportedOperationException(
          c.node() + ": the Slice gradient supports steps of 1 only");
    }
    long[] out = c.y(0).shape();
    long[] pads = new long[2 * dims.length];
    for (int i = 0; i < starts.length; i++) {
      int ax = TensorType.normalizeAxis(axes == null ? i : axes[i], dims.length);
      long begin =
          Math.max(0, Math.min(dims[ax], starts[i] < 0 ? starts[i] + dims[ax] : starts[i]));
      pads[ax] = begin;
      pads[ax + dims.length] = dims[ax] - begin - out[ax];
    }
    return Arrays.asList(c.ops().pad(c.g(), pads), null, null, null, null);
  }

  /** Constant padding is undone by slicing; negative pads (crops) are not supported. */
  static List<Value> pad(GradientContext c) {
    if (!"constant".equals(c.node().attributes().getString("mode"))) {
      throw new UnsupportedOperationException(c.node() + ": only constant padding has a gradient");
    }
    long[] pads = longs(c.x(1));
    long[] dims = c.x(0).shape();
    long[] starts = new long[dims.length];
    long[] ends = new long[dims.length];
    long[] axes = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (pads[i] < 0 || pads[i + dims.length] < 0) {
        throw new UnsupportedOperationException(c.node() + ": negative pads have no gradient rule");
      }
      starts[i] = pads[i];
      ends[i] = pads[i] + dims[i];
      axes[i] = i;
    }
    return Arrays.asList(c.ops().slice(c.g(), starts, ends, axes), null, null);
  }

  /** Expand: sum over broadcast axes. */
  static List<Value> expand(GradientContext c) {
    return Arrays.asList(c.unbroadcast(c.g(), c.x(0)), null);
  }

  /**
   * Gather along {@code axis}: the gathered axis is moved to the front, gradients are scattered
   * with ScatterND (reduction add, so repeated indices accumulate) and the axes are moved back.
   * Indices must be non-negative.
   */
  static List<Value> gather(GradientContext c) {
    Ops o = c.ops();
    Value data = c.x(0);
    Value idx = c.x(1);
    int r = data.rank();
    int q = idx.rank();
    int axis = TensorType.normalizeAxis(c.node().attributes().getInt("axis"), r);
    Value g = c.g();
    long[] dataPerm = new long[r];
    dataPerm[0] = axis;
    for (int i = 0, k = 1; i < r; i++) {
      if (i != axis) {
        dataPerm[k++] = i;
      }
    }
    long[] gPerm = new long[g.rank()];
    int k = 0;
    for (int i = 0; i < q; i++) {
      gPerm[k++] = axis + i;
    }
    for (int i = 0; i < axis; i++) {
      gPerm[k++] = i;
    }
    for (int i = axis + q; i < g.rank(); i++) {
      gPerm[k++] = i;
    }
    Value gFront = axis == 0 ? g : o.transpose(g, gPerm);
    long[] dataShape = data.shape();
    long[] frontShape = new long[r];
    for (int i = 0; i < r; i++) {
      frontShape[i] = dataShape[(int) dataPerm[i]];
    }
    Value zeros = o.zeros(data.type().withShape(frontShape));
    Value scattered = o.scatterNd(zeros, o.unsqueeze(idx, -1), gFront, "add");
    if (axis == 0) {
      return Arrays.asList(scattered, null);
    }
    long[] inverse = new long[r];
    for (int i = 0; i < r; i++) {
      inverse[(int) dataPerm[i]] = i;
    }
    return Arrays.asList(o.transpose(scattered, inverse), null);
  }

  static List<Value> gatherElements(GradientContext c) {
    Ops o = c.ops();
    int axis = (int) c.node().attributes().getInt("axis");
    return Arrays.asList(
        o.scatterElements(o.zeros(c.x(0).type()), c.x(1), c.g(), axis, "add"), null);
  }

  static List<Value> gatherNd(GradientContext c) {
    Ops o = c.ops();
    return Arrays.asList(o.scatterNd(o.zeros(c.x(0).type()), c.x(1), c.g(), "add"), null);
  }

  /** With reduction "none", scattered positions of data receive no gradient; with "add" all do. */
  static List<Value> scatterElements(GradientContext c) {
    Ops o = c.ops();
    int axis = (int) c.node().attributes().getInt("axis");
    boolean add = "add".equals(c.node().attributes().getString("reduction"));
    requireNoneOrAdd(c);
    Value gd = null;
    if (c.needs(0)) {
      gd = add ? c.g() : o.scatterElements(c.g(), c.x(1), o.zeros(c.x(2).type()), axis, "none");
    }
    Value gu = c.needs(2) ? o.gatherElements(c.g(), c.x(1), axis) : null;
    return Arrays.asList(gd, null, gu);
  }

  static List<Value> scatterNd(GradientContext c) {
    Ops o = c.ops();
    boolean add = "add".equals(c.node().attributes().getString("reduction"));
    requireNoneOrAdd(c);
    Value gd = null;
    if (c.needs(0)) {
      gd = add ? c.g() : o.scatterNd(c.g(), c.x(1), o.zeros(c.x(2).type()), "none");
    }
    Value gu = c.needs(2) ? o.gatherNd(c.g(), c.x(1)) : null;
    return Arrays.asList(gd, null, gu);
  }

  private static void requireNoneOrAdd(GradientContext c) {
    String r = c.node().attributes().getString("reduction");
    if (!r.equals("none") && !r.equals("add")) {
      throw new UnsupportedOperationException(c.node() + ": no gradient for reduction '" + r + "'");
    }
  }

  static long[] longs(Value constant) {
    return constant.data().orElseThrow().toLongArray();
  }
}

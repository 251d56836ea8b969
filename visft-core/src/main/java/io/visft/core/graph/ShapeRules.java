package io.visft.core.graph;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shape rules referenced by the {@link Op} table, following the ONNX operator specification.
 */
final class ShapeRules {
  private ShapeRules() {}

  static List<TensorType> sameAsFirst(List<Value> in, Attributes a) {
    return List.of(in.get(0).type());
  }

  static List<TensorType> broadcast(List<Value> in, Attributes a) {
    requireSameDType(in, 0, in.size());
    return List.of(new TensorType(in.get(0).dtype(), broadcastShapes(shapesOf(in, 0, in.size()))));
  }

  static List<TensorType> compare(List<Value> in, Attributes a) {
    requireSameDType(in, 0, 2);
    return List.of(new TensorType(DType.BOOL, broadcastShapes(shapesOf(in, 0, 2))));
  }

  static List<TensorType> logical(List<Value> in, Attributes a) {
    for (Value v : in) {
      expect(v.dtype() == DType.BOOL, "inputs must be BOOL, got " + v.type());
    }
    return List.of(new TensorType(DType.BOOL, broadcastShapes(shapesOf(in, 0, in.size()))));
  }

  static List<TensorType> where(List<Value> in, Attributes a) {
    expect(in.get(0).dtype() == DType.BOOL, "condition must be BOOL, got " + in.get(0).type());
    requireSameDType(in, 1, 3);
    return List.of(new TensorType(in.get(1).dtype(), broadcastShapes(shapesOf(in, 0, 3))));
  }

  static List<TensorType> cast(List<Value> in, Attributes a) {
    long code = a.getInt("to");
    DType to =
        Arrays.stream(DType.values())
            .filter(t -> t.onnxCode() == code)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "attribute 'to' = " + code + " is not a supported ONNX type code"));
    return List.of(in.get(0).type().withDType(to));
  }

  static List<TensorType> clip(List<Value> in, Attributes a) {
    for (int i = 1; i < in.size(); i++) {
      Value v = in.get(i);
      expect(v == null || v.rank() == 0, "Clip bounds must be scalars, got " + v);
    }
    return List.of(in.get(0).type());
  }

  static List<TensorType> matmul(List<Value> in, Attributes a) {
    requireSameDType(in, 0, 2);
    long[] x = in.get(0).shape();
    long[] y = in.get(1).shape();
    expect(
        x.length >= 2 && y.length >= 2,
        "MatMul needs rank >= 2 operands, got " + in.get(0).type() + " and " + in.get(1).type());
    expect(
        x[x.length - 1] == y[y.length - 2],
        "inner dimensions differ: " + Arrays.toString(x) + " x " + Arrays.toString(y));
    long[] batch =
        broadcastShapes(List.of(Arrays.copyOf(x, x.length - 2), Arrays.copyOf(y, y.length - 2)));
    long[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = x[x.length - 2];
    out[batch.length + 1] = y[y.length - 1];
    return List.of(new TensorType(in.get(0).dtype(), out));
  }

  static List<TensorType> gemm(List<Value> in, Attributes a) {
    long[] x = in.get(0).shape();
    long[] y = in.get(1).shape();
    expect(x.length == 2 && y.length == 2, "Gemm needs 2-D A and B");
    long m = a.getInt("transA") != 0 ? x[1] : x[0];
    long k = a.getInt("transA") != 0 ? x[0] : x[1];
    long k2 = a.getInt("transB") != 0 ? y[1] : y[0];
    long n = a.getInt("transB") != 0 ? y[0] : y[1];
    expect(k == k2, "inner dimensions differ: " + k + " vs " + k2);
    long[] out = {m, n};
    if (in.size() > 2 && in.get(2) != null) {
      expect(
          Arrays.equals(broadcastShapes(List.of(out, in.get(2).shape())), out),
          "C " + in.get(2).type() + " does not broadcast to " + Arrays.toString(out));
    }
    return List.of(new TensorType(in.get(0).dtype(), out));
  }

  /**
   * A {@code [..., K]} F32, B {@code [K, N]} I8, scale F32 with 1 or N elements: {@code [..., N]}
   * F32.
   */
  static List<TensorType> dynamicQuantizeMatMul(List<Value> in, Attributes a) {
    TensorType x = in.get(0).type();
    TensorType w = in.get(1).type();
    TensorType scale = in.get(2).type();
    expect(
        x.dtype() == DType.F32 && x.rank() >= 2,
        "DynamicQuantizeMatMul needs an F32 A of rank 2 or more, got " + x);
    expect(
        w.dtype() == DType.I8 && w.rank() == 2, "DynamicQuantizeMatMul needs a 2-D I8 B, got " + w);
    expect(x.shape()[x.rank() - 1] == w.shape()[0], "inner dimensions differ: A " + x + ", B " + w);
    long n = w.shape()[1];
    expect(
        scale.dtype() == DType.F32
            && scale.rank() <= 1
            && (scale.numel() == 1 || scale.numel() == n),
        "the scale of B must be F32 with 1 or "
            + n
            + " elements (per tensor or per column), got "
            + scale);
    expect(
        in.size() < 4 || in.get(3) == null,
        "DynamicQuantizeMatMul takes no zero point for B (its int8 weights are symmetric), got "
            + (in.size() < 4 ? null : in.get(3)));
    if (in.size() > 4) {
      TensorType bias = in.get(4).type();
      expect(
          bias.dtype() == DType.F32 && bias.rank() == 1 && bias.numel() == n,
          "the bias of DynamicQuantizeMatMul must be F32 [" + n + "], got " + bias);
    }
    long[] out = x.shape();
    out[out.length - 1] = n;
    return List.of(new TensorType(DType.F32, out));
  }

  static List<TensorType> softmax(List<Value> in, Attributes a) {
    TensorType.normalizeAxis(a.getInt("axis"), in.get(0).rank());
    return List.of(in.get(0).type());
  }

  static List<TensorType> layerNorm(List<Value> in, Attributes a) {
    TensorType x = in.get(0).type();
    int axis = TensorType.normalizeAxis(a.getInt("axis"), x.rank());
    long[] normShape = Arrays.copyOfRange(x.shape(), axis, x.rank());
    for (int i = 1; i < in.size(); i++) {
      if (in.get(i) != null) {
        expect(
            Arrays.equals(in.get(i).shape(), normShape),
            "scale/bias must have shape "
                + Arrays.toString(normShape)
                + ", got "
                + in.get(i).type());
      }
    }
    long[] stat = x.shape();
    for (int i = axis; i < stat.length; i++) {
      stat[i] = 1;
    }
    return List.of(x, new TensorType(DType.F32, stat), new TensorType(DType.F32, stat));
  }

  static List<TensorType> reduceAttr(List<Value> in, Attributes a) {
    return List.of(reduced(in.get(0).type(), a.getInts("axes"), a.getInt("keepdims") != 0));
  }

  static List<TensorType> reduceInput(List<Value> in, Attributes a) {
    return List.of(
        reduced(in.get(0).type(), constantLongs(in.get(1), "axes"), a.getInt("keepdims") != 0));
  }

  private static TensorType reduced(TensorType x, long[] axes, boolean keep) {
    boolean[] r = new boolean[x.rank()];
    for (long ax : ReduceAxes.resolve(axes, x.rank())) {
      r[(int) ax] = true;
    }
    long[] s = x.shape();
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      if (!r[i]) {
        out.add(s[i]);
      } else if (keep) {
        out.add(1L);
      }
    }
    return x.withShape(out.stream().mapToLong(Long::longValue).toArray());
  }

  static List<TensorType> reshape(List<Value> in, Attributes a) {
    long[] target = constantLongs(in.get(1), "shape");
    long[] src = in.get(0).shape();
    long known = 1;
    int infer = -1;
    long[] out = target.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        expect(
            i < src.length,
            "shape entry 0 at position " + i + " copies a dimension the input lacks");
        out[i] = src[i];
      }
      if (out[i] == -1) {
        expect(infer < 0, "at most one -1 in shape " + Arrays.toString(target));
        infer = i;
      } else {
        expect(out[i] >= 0, "invalid shape entry " + out[i]);
        known *= out[i];
      }
    }
    long total = HostTensor.numel(src);
    if (infer >= 0) {
      expect(
          known > 0 && total % known == 0,
          "cannot infer -1 in " + Arrays.toString(target) + " for " + total + " elements");
      out[infer] = total / known;
    }
    expect(
        HostTensor.numel(out) == total,
        "cannot reshape "
            + Arrays.toString(src)
            + " ("
            + total
            + " elements) to "
            + Arrays.toString(target));
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> transpose(List<Value> in, Attributes a) {
    long[] s = in.get(0).shape();
    long[] perm = a.has("perm") ? a.getInts("perm") : reversed(s.length);
    expect(
        perm.length == s.length && isPermutation(perm),
        "perm " + Arrays.toString(perm) + " is not a permutation of rank " + s.length);
    long[] out = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[(int) perm[i]];
    }
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> concat(List<Value> in, Attributes a) {
    requireSameDType(in, 0, in.size());
    long[] first = in.get(0).shape();
    int axis = TensorType.normalizeAxis(a.getInt("axis"), first.length);
    long[] out = first.clone();
    out[axis] = 0;
    for (Value v : in) {
      long[] s = v.shape();
      expect(
          s.length == first.length, "all inputs need rank " + first.length + ", got " + v.type());
      for (int i = 0; i < s.length; i++) {
        expect(
            i == axis || s[i] == first[i],
            "dimension " + i + " differs: " + v.type() + " vs " + in.get(0).type());
      }
      out[axis] += s[axis];
    }
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> split(List<Value> in, Attributes a) {
    long[] s = in.get(0).shape();
    int axis = TensorType.normalizeAxis(a.getInt("axis"), s.length);
    long[] sizes = constantLongs(in.get(1), "split");
    expect(
        Arrays.stream(sizes).sum() == s[axis],
        "split sizes " + Arrays.toString(sizes) + " do not sum to dimension " + s[axis]);
    List<TensorType> out = new ArrayList<>();
    for (long size : sizes) {
      long[] o = s.clone();
      o[axis] = size;
      out.add(in.get(0).type().withShape(o));
    }
    return out;
  }

  static List<TensorType> slice(List<Value> in, Attributes a) {
    long[] s = in.get(0).shape();
    long[] starts = constantLongs(in.get(1), "starts");
    long[] ends = constantLongs(in.get(2), "ends");
    long[] axes =
        in.size() > 3 && in.get(3) != null
            ? constantLongs(in.get(3), "axes")
            : range(starts.length);
    long[] steps =
        in.size() > 4 && in.get(4) != null
            ? constantLongs(in.get(4), "steps")
            : ones(starts.length);
    expect(
        ends.length == starts.length
            && axes.length == starts.length
            && steps.length == starts.length,
        "starts, ends, axes and steps must have equal lengths");
    long[] out = s.clone();
    for (int i = 0; i < starts.length; i++) {
      int ax = TensorType.normalizeAxis(axes[i], s.length);
      expect(steps[i] > 0, "only positive steps are supported, got " + steps[i]);
      long dim = s[ax];
      long b = clampIndex(starts[i], dim);
      long e = clampIndex(ends[i], dim);
      out[ax] = Math.max(0, (e - b + steps[i] - 1) / steps[i]);
    }
    return List.of(in.get(0).type().withShape(out));
  }

  /**
   * Start/end index clamped into [0, dim] after wrapping negatives, as ONNX Slice does for positive
   * steps.
   */
  static long clampIndex(long idx, long dim) {
    long v = idx < 0 ? idx + dim : idx;
    return Math.max(0, Math.min(dim, v));
  }

  static List<TensorType> gather(List<Value> in, Attributes a) {
    long[] data = in.get(0).shape();
    requireIndex(in.get(1));
    int axis = TensorType.normalizeAxis(a.getInt("axis"), data.length);
    long[] idx = in.get(1).shape();
    long[] out = new long[data.length - 1 + idx.length];
    int k = 0;
    for (int i = 0; i < axis; i++) {
      out[k++] = data[i];
    }
    for (long d : idx) {
      out[k++] = d;
    }
    for (int i = axis + 1; i < data.length; i++) {
      out[k++] = data[i];
    }
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> gatherElements(List<Value> in, Attributes a) {
    requireIndex(in.get(1));
    expect(in.get(1).rank() == in.get(0).rank(), "indices must have the rank of data");
    TensorType.normalizeAxis(a.getInt("axis"), in.get(0).rank());
    return List.of(in.get(0).type().withShape(in.get(1).shape()));
  }

  static List<TensorType> scatterElements(List<Value> in, Attributes a) {
    requireIndex(in.get(1));
    expect(
        Arrays.equals(in.get(1).shape(), in.get(2).shape()),
        "indices and updates must have the same shape");
    expect(in.get(2).dtype() == in.get(0).dtype(), "updates must have the dtype of data");
    return List.of(in.get(0).type());
  }

  static List<TensorType> gatherNd(List<Value> in, Attributes a) {
    requireIndex(in.get(1));
    long[] data = in.get(0).shape();
    long[] idx = in.get(1).shape();
    int k = (int) idx[idx.length - 1];
    expect(k <= data.length, "index depth " + k + " exceeds data rank " + data.length);
    long[] out = new long[idx.length - 1 + data.length - k];
    System.arraycopy(idx, 0, out, 0, idx.length - 1);
    System.arraycopy(data, k, out, idx.length - 1, data.length - k);
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> scatterNd(List<Value> in, Attributes a) {
    requireIndex(in.get(1));
    List<TensorType> expected = gatherNd(in.subList(0, 2), a);
    expect(
        Arrays.equals(expected.get(0).shape(), in.get(2).shape()),
        "updates must have shape "
            + Arrays.toString(expected.get(0).shape())
            + ", got "
            + in.get(2).type());
    return List.of(in.get(0).type());
  }

  static List<TensorType> expand(List<Value> in, Attributes a) {
    long[] target = constantLongs(in.get(1), "shape");
    return List.of(in.get(0).type().withShape(broadcastShapes(List.of(in.get(0).shape(), target))));
  }

  static List<TensorType> squeeze(List<Value> in, Attributes a) {
    long[] s = in.get(0).shape();
    boolean[] drop = new boolean[s.length];
    for (long ax : constantLongs(in.get(1), "axes")) {
      int i = TensorType.normalizeAxis(ax, s.length);
      expect(s[i] == 1, "cannot squeeze axis " + ax + " of size " + s[i]);
      drop[i] = true;
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      if (!drop[i]) {
        out.add(s[i]);
      }
    }
    return List.of(in.get(0).type().withShape(out.stream().mapToLong(Long::longValue).toArray()));
  }

  static List<TensorType> unsqueeze(List<Value> in, Attributes a) {
    long[] s = in.get(0).shape();
    long[] axes = constantLongs(in.get(1), "axes");
    int rank = s.length + axes.length;
    boolean[] added = new boolean[rank];
    for (long ax : axes) {
      added[TensorType.normalizeAxis(ax, rank)] = true;
    }
    long[] out = new long[rank];
    int k = 0;
    for (int i = 0; i < rank; i++) {
      out[i] = added[i] ? 1 : s[k++];
    }
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> pad(List<Value> in, Attributes a) {
    long[] s = in.get(0).shape();
    long[] pads = constantLongs(in.get(1), "pads");
    expect(
        pads.length == 2 * s.length, "pads needs " + 2 * s.length + " entries, got " + pads.length);
    long[] out = s.clone();
    for (int i = 0; i < s.length; i++) {
      out[i] += pads[i] + pads[i + s.length];
      expect(out[i] >= 0, "padding makes dimension " + i + " negative");
    }
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> conv(List<Value> in, Attributes a) {
    long[] x = in.get(0).shape();
    long[] w = in.get(1).shape();
    expect(
        x.length == 4 && w.length == 4, "Conv supports 2-D images: X [N,C,H,W] and W [M,C,kH,kW]");
    expect(
        a.getInt("group") == 1 && x[1] == w[1],
        "channels differ (group 1): X has " + x[1] + ", W expects " + w[1]);
    if (in.size() > 2 && in.get(2) != null) {
      expect(
          Arrays.equals(in.get(2).shape(), new long[] {w[0]}),
          "bias must have shape [" + w[0] + "]");
    }
    long[] st = a.getInts("strides");
    long[] pads = a.getInts("pads");
    long[] dil = a.getInts("dilations");
    long[] out = {x[0], w[0], 0, 0};
    for (int i = 0; i < 2; i++) {
      long span = dil[i] * (w[2 + i] - 1) + 1;
      long size = x[2 + i] + pads[i] + pads[i + 2] - span;
      expect(size >= 0, "kernel larger than padded input on spatial axis " + i);
      out[2 + i] = size / st[i] + 1;
    }
    return List.of(in.get(0).type().withShape(out));
  }

  static List<TensorType> convTranspose(List<Value> in, Attributes a) {
    long[] x = in.get(0).shape();
    long[] w = in.get(1).shape();
    expect(
        x.length == 4 && w.length == 4 && x[1] == w[0],
        "ConvTranspose needs X [N,C,H,W] and W [C,M,kH,kW]");
    long[] st = a.getInts("strides");
    long[] pads = a.getInts("pads");
    long[] op = a.getInts("output_padding");
    long[] out = {x[0], w[1], 0, 0};
    for (int i = 0; i < 2; i++) {
      out[2 + i] = st[i] * (x[2 + i] - 1) + op[i] + w[2 + i] - pads[i] - pads[i + 2];
    }
    return List.of(in.get(0).type().withShape(out));
  }

  // ---- helpers ----

  static long[] broadcastShapes(List<long[]> shapes) {
    int rank = shapes.stream().mapToInt(s -> s.length).max().orElse(0);
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    for (long[] s : shapes) {
      for (int i = 0; i < s.length; i++) {
        int o = rank - s.length + i;
        if (s[i] != 1) {
          if (out[o] != 1 && out[o] != s[i]) {
            throw new IllegalArgumentException(
                "shapes do not broadcast: "
                    + shapes.stream()
                        .map(Arrays::toString)
                        .reduce((x, y) -> x + " and " + y)
                        .orElse(""));
          }
          out[o] = s[i];
        }
      }
    }
    return out;
  }

  private static List<long[]> shapesOf(List<Value> in, int from, int to) {
    List<long[]> s = new ArrayList<>();
    for (int i = from; i < to; i++) {
      s.add(in.get(i).shape());
    }
    return s;
  }

  private static void requireSameDType(List<Value> in, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      expect(
          in.get(i).dtype() == in.get(from).dtype(),
          "input "
              + i
              + " has dtype "
              + in.get(i).dtype()
              + ", expected "
              + in.get(from).dtype()
              + " like input "
              + from);
    }
  }

  private static void requireIndex(Value v) {
    expect(v.dtype() == DType.I64, "indices must be I64, got " + v.type());
  }

  /** Reads the values of a constant I64 input such as Reshape's shape. */
  static long[] constantLongs(Value v, String what) {
    expect(
        v != null && v.kind() == Value.Kind.CONSTANT && v.dtype() == DType.I64,
        "'" + what + "' must be an I64 constant, got " + v);
    return v.data().orElseThrow().toLongArray();
  }

  static void expect(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static long[] reversed(int n) {
    long[] p = new long[n];
    for (int i = 0; i < n; i++) {
      p[i] = n - 1 - i;
    }
    return p;
  }

  private static long[] range(int n) {
    long[] p = new long[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  private static long[] ones(int n) {
    long[] p = new long[n];
    Arrays.fill(p, 1);
    return p;
  }

  private static boolean isPermutation(long[] perm) {
    boolean[] seen = new boolean[perm.length];
    for (long p : perm) {
      if (p < 0 || p >= perm.length || seen[(int) p]) {
        return false;
      }
      seen[(int) p] = true;
    }
    return true;
  }
}

package io.visft.core.graph;

import io.visft.api.DType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A copy of a graph that computes in F32 what the original computes partly in 16 bits, rounding at
 * exactly the same points, so that a mixed-precision graph built for CUDA can be checked on ONNX
 * Runtime's CPU provider. Every 16-bit value of the original becomes an F32 value holding the same
 * number: a {@code Cast} to 16 bits becomes a round trip {@code Cast} to 16 bits and back; a node
 * computing in 16 bits computes in F32 on the rounded operands and its result is rounded the same
 * way; a {@code Cast} from 16 bits to F32 becomes nothing; a 16-bit weight is read through an exact
 * widening {@code Cast}. What remains different is only the order and width of accumulation inside
 * the products (F32 here, F32 in cuBLAS's 16-bit Gemm as ONNX Runtime calls it).
 */
public final class HalfPrecisionEmulation {
  private HalfPrecisionEmulation() {}

  /** The emulating graph and its outputs, under the original output names. */
  public record Emulated(Graph graph, Map<String, Value> outputs) {}

  /**
   * @param outputs values of one graph, by output name
   * @return a new graph computing the same outputs in F32 with the original's rounding points
   */
  public static Emulated of(Map<String, Value> outputs) {
    Graph source = outputs.values().iterator().next().graph();
    Graph g = new Graph();
    Ops o = new Ops(g);
    Map<Value, Value> map = new HashMap<>();
    for (Value v : source.values()) {
      switch (v.kind()) {
        case INPUT -> {
          if (reduced(v.dtype())) {
            throw new IllegalArgumentException("16-bit graph input " + v + " cannot be emulated");
          }
          map.put(v, g.input(v.name(), v.dtype(), v.shape()));
        }
        case WEIGHT -> {
          Value w =
              g.weight(
                  v.name(),
                  v.data()
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException("weight " + v + " has no data bound")));
          map.put(v, reduced(v.dtype()) ? o.cast(w, DType.F32) : w);
        }
        case CONSTANT -> {
          Value c = g.constant(v.data().orElseThrow());
          map.put(v, reduced(v.dtype()) ? o.cast(c, DType.F32) : c);
        }
        case NODE -> {}
      }
    }
    List<Value> wanted = new ArrayList<>(outputs.values());
    for (Node n : source.nodesNeededFor(wanted)) {
      Value[] in =
          n.inputs().stream().map(x -> x == null ? null : map.get(x)).toArray(Value[]::new);
      if (n.op() == Op.CAST) {
        DType to = n.output(0).dtype();
        if (reduced(to)) {
          map.put(n.output(0), o.cast(o.cast(in[0], to), DType.F32));
        } else if (reduced(n.input(0).dtype())) {
          map.put(n.output(0), in[0]);
        } else {
          map.put(n.output(0), g.apply(Op.CAST, n.attributes(), in).get(0));
        }
        continue;
      }
      List<Value> outs = g.apply(n.op(), n.attributes(), in);
      for (int i = 0; i < outs.size(); i++) {
        DType original = n.output(i).dtype();
        map.put(
            n.output(i),
            reduced(original) ? o.cast(o.cast(outs.get(i), original), DType.F32) : outs.get(i));
      }
    }
    Map<String, Value> emulated = new LinkedHashMap<>();
    outputs.forEach((name, v) -> emulated.put(name, map.get(v)));
    return new Emulated(g, emulated);
  }

  private static boolean reduced(DType t) {
    return t == DType.F16 || t == DType.BF16;
  }
}

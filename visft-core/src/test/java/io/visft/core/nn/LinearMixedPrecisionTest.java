package io.visft.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Graph;
import io.visft.core.graph.HalfPrecisionEmulation;
import io.visft.core.graph.Op;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.testing.Evaluate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One linear layer in 16-bit precision, forward and input gradient, run through {@link
 * HalfPrecisionEmulation} on the CPU against a float64 PyTorch reference with the same rounding
 * points (tools/fixtures/eva_mixed_fixture.py, {@code mixed_linear.safetensors}): every element of
 * y and dx must be a value of the 16-bit type and equal the reference's, except where float32 and
 * float64 accumulation round to neighbouring 16-bit values (at most 2% of the elements, one unit in
 * the last place each).
 */
class LinearMixedPrecisionTest {
  private static final Path FIXTURE =
      Path.of("src/test/resources/fixtures/eva/mixed_linear.safetensors");

  /** The spacing of 16-bit values of {@code precision} at {@code v} (normal numbers). */
  private static double ulp(ComputePrecision precision, float v) {
    int mantissa = precision == ComputePrecision.FP16 ? 10 : 7;
    return Math.scalb(1.0, Math.getExponent(v) - mantissa);
  }

  private static boolean representable(ComputePrecision precision, float v) {
    int bits = Float.floatToRawIntBits(v);
    return precision == ComputePrecision.BF16 ? (bits & 0xFFFF) == 0 : (bits & 0x1FFF) == 0;
  }

  @ParameterizedTest
  @EnumSource(
      value = ComputePrecision.class,
      names = {"FP16", "BF16"})
  void outputAndInputGradientRoundWhereTheReferenceRounds(ComputePrecision precision)
      throws Exception {
    String p = precision.configName();
    try (SafetensorsFile f = SafetensorsFile.open(FIXTURE)) {
      Graph g = new Graph();
      Ops o = new Ops(g);
      Value x = g.input("x", DType.F32, f.shape("x"));
      Value gy = g.input("g", DType.F32, f.shape("g"));
      Value y =
          Linear.apply(o, x, g.weight("w", f.tensor("w")), g.weight("b", f.tensor("b")), precision);
      assertEquals(DType.F32, y.dtype());
      Value dx = Autodiff.gradients(o.reduceSum(o.mul(y, gy), false), List.of(x)).get(x);
      Map<String, Value> outputs = new LinkedHashMap<>();
      outputs.put("y", y);
      outputs.put("dx", dx);
      HalfPrecisionEmulation.Emulated emulated = HalfPrecisionEmulation.of(outputs);
      Map<String, HostTensor> feeds = new LinkedHashMap<>();
      feeds.put("x", f.tensor("x"));
      feeds.put("g", f.tensor("g"));
      Map<String, HostTensor> got = Evaluate.run(emulated.graph(), emulated.outputs(), feeds);
      for (String name : List.of("y", "dx")) {
        float[] value = got.get(name).toFloatArray();
        float[] want = f.tensor(name + "_" + p).toFloatArray();
        int differ = 0;
        for (int i = 0; i < want.length; i++) {
          String where = p + " " + name + "[" + i + "] = " + value[i] + ", reference " + want[i];
          assertTrue(representable(precision, value[i]), where + " is not a " + p + " value");
          if (value[i] != want[i]) {
            differ++;
            assertTrue(
                Math.abs(value[i] - want[i]) <= ulp(precision, want[i]),
                where + ": more than one ulp apart");
          }
        }
        assertTrue(
            differ <= want.length / 50,
            p + " " + name + ": " + differ + " of " + want.length + " differ");
      }
    }
  }

  @Test
  void anInt8WeightKeepsItsIntegerProductInAnyPrecision() {
    Map<String, HostTensor> weights =
        Int8Weights.quantizeSelected(
            Map.of("w", HostTensor.ofFloats(new float[4 * 8], 4, 8)), name -> true);
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 3, 8);
    Value w = g.weight("w", weights.get("w"));
    g.weight(FrozenWeights.scaleName("w"), weights.get(FrozenWeights.scaleName("w")));
    Value y = Linear.apply(o, x, w, null, ComputePrecision.FP16);
    assertEquals(DType.F32, y.dtype());
    assertEquals(
        List.of(),
        g.nodesNeededFor(List.of(y)).stream().filter(n -> n.op() == Op.CAST).toList(),
        "no cast to 16 bits around the integer product");
  }
}

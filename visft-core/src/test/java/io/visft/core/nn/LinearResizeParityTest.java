package io.visft.core.nn;

import static io.visft.core.testing.JsonFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.testing.Evaluate;
import io.visft.core.testing.JsonFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bicubic and bilinear maps against torch.nn.functional.interpolate(align_corners=False). */
class LinearResizeParityTest {

  @Test
  void matchesTorchInterpolateUpDownAndNonSquare() {
    for (JsonNode c : JsonFixtures.load("/fixtures/nn/nn.json").get("resize")) {
      int ih = c.get("in").get(0).asInt();
      int iw = c.get("in").get(1).asInt();
      int oh = c.get("out").get(0).asInt();
      int ow = c.get("out").get(1).asInt();
      for (String mode : new String[] {"bicubic", "bilinear"}) {
        Graph g = new Graph();
        HostTensor x = tensor(c.get("x"));
        Value xv = g.input("x", DType.F32, x.shape());
        boolean cubic = mode.equals("bicubic");
        ResizeMode m = cubic ? ResizeMode.BICUBIC : ResizeMode.BILINEAR;
        Value y =
            LinearResize.apply(
                new Ops(g), xv, ResizeMatrices.axis(m, ih, oh), ResizeMatrices.axis(m, iw, ow));
        float[] got = Evaluate.run(g, Map.of("y", y), Map.of("x", x)).get("y").toFloatArray();
        double diff = Evaluate.maxAbsDiff(got, tensor(c.get(mode)).toFloatArray());
        assertTrue(
            diff < 1e-5,
            mode + " " + ih + "x" + iw + " -> " + oh + "x" + ow + ": max diff " + diff);
      }
    }
  }
}

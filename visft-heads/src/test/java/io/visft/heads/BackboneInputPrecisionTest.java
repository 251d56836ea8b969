package io.visft.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Op;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stage 1's frozen backbone computes its linear layers in the precision it is given. */
class BackboneInputPrecisionTest {
  private static final EvaConfig BACKBONE = new EvaConfig(32, 3, 2, 64, 14, 4, false, 1e-6, true);

  private static long products(ComputePrecision precision, DType dtype) {
    BackboneInput input =
        new BackboneInput(
            BACKBONE, EvaInit.random(BACKBONE, 3), null, ActivationRecompute.AUTO, precision);
    Graph g = new Graph();
    BackboneInput.Built built = input.build(g, 2, 56);
    assertEquals(DType.F32, built.features().dtype());
    return g.nodesNeededFor(List.of(built.features())).stream()
        .filter(n -> n.op() == Op.GEMM && n.output(0).dtype() == dtype)
        .count();
  }

  @Test
  void everyBlockLinearRunsInTheGivenPrecision() {
    assertEquals(4 * BACKBONE.depth(), products(ComputePrecision.FP16, DType.F16));
    assertEquals(4 * BACKBONE.depth(), products(ComputePrecision.BF16, DType.BF16));
    assertEquals(0, products(ComputePrecision.FP32, DType.F16));
    assertEquals(
        ComputePrecision.BF16,
        new BackboneInput(
                BACKBONE,
                EvaInit.random(BACKBONE, 3),
                null,
                ActivationRecompute.AUTO,
                ComputePrecision.BF16)
            .withAdapter(QkvBiasAdapter::new)
            .precision());
  }
}

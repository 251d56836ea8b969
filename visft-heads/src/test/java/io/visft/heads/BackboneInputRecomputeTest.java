package io.visft.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.core.graph.Graph;
import io.visft.core.graph.Segment;
import io.visft.core.vit.ActivationRecompute;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stage 2's backbone carries the recompute setting into the training graph it builds. */
class BackboneInputRecomputeTest {
  private static final EvaConfig BACKBONE = new EvaConfig(32, 3, 2, 64, 14, 4, false, 1e-6, true);

  private static List<Segment> spans(ActivationRecompute recompute) {
    BackboneInput base = new BackboneInput(BACKBONE, EvaInit.random(BACKBONE, 3), null, recompute);
    Graph g = new Graph();
    base.withAdapter(QkvBiasAdapter::new).build(g, 2, 56);
    return g.segments();
  }

  @Test
  void onRecomputesEveryBlockOffAndAutoAtThisSizeNone() {
    assertEquals(
        List.of("blocks.0", "blocks.1", "blocks.2"),
        spans(ActivationRecompute.ON).stream().map(Segment::name).toList());
    assertEquals(List.of(), spans(ActivationRecompute.OFF));
    assertEquals(List.of(), spans(ActivationRecompute.AUTO));
  }
}

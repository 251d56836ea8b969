package io.visft.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.visft.api.NumericException;
import io.visft.core.testing.JsonFixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * AdamW, clipping and the warm-up cosine schedule against PyTorch
 * (tools/fixtures/optim_fixture.py).
 */
class OptimizerParityTest {
  private static final JsonNode F = JsonFixtures.load("/fixtures/optim/optim.json");

  private static void replay(String name, Function<Parameters, Optimizer> make) {
    JsonNode c = F.get(name);
    Parameters params =
        new Parameters()
            .add("p", JsonFixtures.floats(c.get("start").get("p")), 5, 3)
            .add("q", JsonFixtures.floats(c.get("start").get("q")), 4);
    Optimizer opt = make.apply(params);
    LearningRateSchedule schedule = LearningRateSchedule.warmupCosine(0.05, 2, 6);
    for (int step = 0; step < c.get("grads").size(); step++) {
      Map<String, float[]> grads = new LinkedHashMap<>();
      grads.put("p", JsonFixtures.floats(c.get("grads").get(step).get("p")));
      grads.put("q", JsonFixtures.floats(c.get("grads").get(step).get("q")));
      double norm = GradientClipping.clipGlobalNorm(grads, c.get("clip").asDouble());
      assertEquals(
          c.get("norms").get(step).asDouble(), norm, 1e-4 * norm, name + " norm at step " + step);
      assertEquals(
          c.get("lrs").get(step).asDouble(), schedule.at(step), 1e-12, "lr at step " + step);
      opt.step(grads, schedule.at(step));
    }
    for (String p : new String[] {"p", "q"}) {
      float[] expected = JsonFixtures.floats(c.get("end").get(p));
      float[] got = params.get(p);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(
            expected[i],
            got[i],
            1e-5 * Math.max(1, Math.abs(expected[i])),
            name + " " + p + "[" + i + "]");
      }
    }
  }

  @Test
  void adamWMatchesTorch() {
    replay("adamw", p -> new AdamW(p, new AdamWConfig(0.9, 0.999, 1e-8, 1e-2, Set.of())));
  }

  @Test
  void restoredOptimizerContinuesBitForBit() {
    float[] start = {0.5f, -1f, 2f, 0.25f};
    Parameters straight = new Parameters().add("w", start.clone(), 4);
    Parameters resumed = new Parameters().add("w", start.clone(), 4);
    AdamW a = new AdamW(straight, AdamWConfig.visft());
    AdamW b = new AdamW(resumed, AdamWConfig.visft());
    java.util.Random rnd = new java.util.Random(1);
    float[][] grads = new float[10][4];
    for (float[] g : grads) {
      for (int i = 0; i < 4; i++) {
        g[i] = (float) rnd.nextGaussian();
      }
    }
    for (int s = 0; s < 10; s++) {
      a.step(Map.of("w", grads[s].clone()), 0.01);
    }
    for (int s = 0; s < 5; s++) {
      b.step(Map.of("w", grads[s].clone()), 0.01);
    }
    Parameters fresh = new Parameters().add("w", resumed.get("w").clone(), 4);
    AdamW c = new AdamW(fresh, AdamWConfig.visft());
    c.restore(b.state());
    assertEquals(5, c.steps());
    for (int s = 5; s < 10; s++) {
      c.step(Map.of("w", grads[s].clone()), 0.01);
    }
    assertArrayEquals(straight.get("w"), fresh.get("w"));
  }

  @Test
  void clippingRefusesNonFiniteGradientsNamingTheParameter() {
    Map<String, float[]> g = new LinkedHashMap<>();
    g.put("fine", new float[] {1, 2});
    g.put("broken", new float[] {1, Float.NaN});
    NumericException e =
        assertThrows(NumericException.class, () -> GradientClipping.clipGlobalNorm(g, 1));
    assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
  }

  @Test
  void accumulatorYieldsTheMean() {
    GradientAccumulator acc = new GradientAccumulator(2);
    assertEquals(false, acc.add(Map.of("w", new float[] {1, 2})));
    assertEquals(true, acc.add(Map.of("w", new float[] {3, 6})));
    assertArrayEquals(new float[] {2, 4}, acc.takeMean().get("w"));
  }
}

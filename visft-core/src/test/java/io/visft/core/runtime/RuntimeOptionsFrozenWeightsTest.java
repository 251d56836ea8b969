package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.core.graph.FrozenWeights.Precision;
import org.junit.jupiter.api.Test;

/** The frozen-weights switch of {@link RuntimeOptions}: fp32 by default, int8 on the CPU only. */
class RuntimeOptionsFrozenWeightsTest {

  @Test
  void fp32IsTheDefaultEverywhere() {
    assertEquals(Precision.FP32, RuntimeOptions.cpu().frozenWeights());
    assertEquals(Precision.FP32, RuntimeOptions.parse("cpu").frozenWeights());
    assertEquals(Precision.FP32, new RuntimeOptions(Device.CPU, 0, 2, false).frozenWeights());
  }

  @Test
  void int8IsKeptByTheOtherWithers() {
    RuntimeOptions int8 = RuntimeOptions.cpu().withFrozenWeights(Precision.INT8);
    assertEquals(Precision.INT8, int8.frozenWeights());
    assertEquals(Precision.INT8, int8.withSpinWait(true).frozenWeights());
  }

  @Test
  void int8OnCudaIsRefusedNamingTheFixes() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> RuntimeOptions.cuda(0).withFrozenWeights(Precision.INT8));
    assertTrue(
        e.getMessage().contains("CPU only")
            && e.getMessage().contains("frozen_weights: fp32")
            && e.getMessage().contains("--device cpu"),
        e.getMessage());
  }

  @Test
  void precisionParsesItsConfigNamesAndRejectsOthersNamingTheSetting() {
    assertEquals(Precision.INT8, Precision.parse("int8", "frozen_weights"));
    assertEquals(Precision.FP32, Precision.parse(" FP32 ", "frozen_weights"));
    for (String bad : new String[] {"int4", "", "fp16"}) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> Precision.parse(bad, "--frozen-weights"));
      assertTrue(
          e.getMessage().contains("--frozen-weights = '" + bad + "'")
              && e.getMessage().contains("fp32, int8"),
          e.getMessage());
    }
    assertThrows(ConfigException.class, () -> Precision.parse(null, "frozen_weights"));
  }
}

package io.visft.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.core.graph.ComputePrecision;
import org.junit.jupiter.api.Test;

class RuntimeOptionsPrecisionTest {

  @Test
  void fp32IsTheDefaultAnd16BitIsKeptOnCuda() {
    assertEquals(ComputePrecision.FP32, RuntimeOptions.cpu().computePrecision());
    RuntimeOptions cuda = RuntimeOptions.cuda(1).withComputePrecision(ComputePrecision.BF16);
    assertEquals(ComputePrecision.BF16, cuda.computePrecision());
    assertEquals(1, cuda.deviceId());
    assertEquals(ComputePrecision.BF16, cuda.withSpinWait(true).computePrecision());
  }

  @Test
  void sixteenBitOnCpuIsRefusedNamingTheProviderAndTheFix() {
    for (ComputePrecision p :
        new ComputePrecision[] {ComputePrecision.FP16, ComputePrecision.BF16}) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> RuntimeOptions.cpu().withComputePrecision(p));
      assertTrue(
          e.getMessage()
                  .contains("compute precision " + p.configName() + " needs the CUDA provider")
              && e.getMessage().contains(RuntimeOptions.CUDA_SETTING)
              && e.getMessage().contains("on CPU use fp32"),
          e.getMessage());
    }
  }

  @Test
  void precisionNamesParseInAnyCaseAndOthersAreRefusedWithTheChoices() {
    assertEquals(ComputePrecision.BF16, ComputePrecision.parse(" BF16 ", "compute_precision"));
    assertEquals("fp16", ComputePrecision.FP16.configName());
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> ComputePrecision.parse("half", "--compute-precision"));
    assertTrue(
        e.getMessage().contains("--compute-precision = 'half'")
            && e.getMessage().contains("fp32, fp16 or bf16"),
        e.getMessage());
  }
}

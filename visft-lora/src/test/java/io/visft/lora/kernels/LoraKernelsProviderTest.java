package io.visft.lora.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.visft.api.BackendUnavailableException;
import io.visft.api.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Backend selection by name, system property and priority, and the CPU fallback where CUDA cannot
 * run.
 */
class LoraKernelsProviderTest {

  private static final String CUDA_PRESENT =
      "CUDA is usable here, so this machine cannot show the CPU fallback; it is checked on machines without a GPU";

  @AfterEach
  void clearProperty() {
    System.clearProperty(LoraKernelsProvider.PROPERTY);
  }

  @Test
  void cpuIsSelectedByNameIgnoringCaseAndSpaces() {
    try (LoraKernels kernels = LoraKernelsProvider.select(" CPU ")) {
      assertInstanceOf(CpuLoraKernels.class, kernels);
      assertEquals("cpu", kernels.name());
    }
  }

  @Test
  void backendsAreOrderedByPriority() {
    assertEquals(
        java.util.List.of("cuda", "cpu"),
        LoraKernelsProvider.factories().stream().map(LoraKernelsFactory::name).toList());
  }

  @Test
  void autoFallsBackToCpuAndLogsWhyCudaCannotRun() {
    BackendAvailability cuda = CudaLoraKernels.availability();
    assumeFalse(cuda.available(), CUDA_PRESENT);

    String log =
        captureStandardError(
            () -> {
              try (LoraKernels kernels = LoraKernelsProvider.select(LoraKernelsProvider.AUTO)) {
                assertEquals("cpu", kernels.name());
              }
            });

    assertTrue(
        log.contains("LoRA kernels 'cuda' unavailable, trying the next backend: " + cuda.detail()),
        log);
    assertTrue(log.contains("Using LoRA kernels 'cpu'"), log);
  }

  @Test
  void autoPrefersCudaWhereItRuns() {
    BackendAvailability cuda = CudaLoraKernels.availability();
    assumeTrue(cuda.available(), "no usable GPU here: " + cuda.detail());
    try (LoraKernels kernels = LoraKernelsProvider.select(LoraKernelsProvider.AUTO)) {
      assertEquals("cuda", kernels.name());
    }
  }

  @Test
  void explicitCudaWithoutAGpuSaysWhyAndWhatToInstall() {
    BackendAvailability cuda = CudaLoraKernels.availability();
    assumeFalse(cuda.available(), CUDA_PRESENT);

    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> LoraKernelsProvider.select("cuda"));

    String message = e.getMessage();
    assertTrue(
        message.startsWith(
            "LoRA kernels 'cuda' were requested (by the argument) but cannot run here: "),
        message);
    assertTrue(message.contains(cuda.detail()), message);
    assertTrue(message.contains("install the NVIDIA driver (it provides libcuda.so.1)"), message);
    assertTrue(message.contains("CUDA 13 cuBLAS libraries (libcublas.so.13"), message);
    assertTrue(message.endsWith("or request 'cpu' or 'auto'"), message);
  }

  @Test
  void creatingCudaKernelsDirectlyWithoutAGpuFailsTheSameWay() {
    BackendAvailability cuda = CudaLoraKernels.availability();
    assumeFalse(cuda.available(), CUDA_PRESENT);

    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, CudaLoraKernels::create);

    assertEquals(
        "CUDA LoRA kernels are unavailable: " + cuda.detail() + ". To fix: " + CudaProbe.REMEDY,
        e.getMessage());
  }

  @Test
  void theProbeReportsTheLoaderErrorWhenCudaCannotRun() {
    BackendAvailability cuda = CudaLoraKernels.availability();
    assumeFalse(cuda.available(), CUDA_PRESENT);

    assertTrue(
        cuda.detail().startsWith("the CUDA runtime bindings could not be loaded: ")
            || cuda.detail().startsWith("cuBLAS could not be loaded: ")
            || cuda.detail().startsWith("cudaGetDeviceCount failed with ")
            || cuda.detail().equals("the NVIDIA driver reports no CUDA device"),
        cuda.detail());
    assertEquals(CudaProbe.REMEDY, cuda.remedy());
  }

  @Test
  void unknownNamesListTheValidChoices() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> LoraKernelsProvider.select("tpu"));
    assertEquals(
        "LoRA kernels 'tpu' (from the argument) are unknown; expected one of [auto, cuda, cpu]",
        e.getMessage());
  }

  @Test
  void theSystemPropertyChoosesWhenNoPreferenceIsGiven() {
    System.setProperty(LoraKernelsProvider.PROPERTY, "cpu");
    try (LoraKernels kernels = LoraKernelsProvider.select()) {
      assertEquals("cpu", kernels.name());
    }

    System.setProperty(LoraKernelsProvider.PROPERTY, "gpu");
    ConfigException e = assertThrows(ConfigException.class, LoraKernelsProvider::select);
    assertTrue(
        e.getMessage().contains("'gpu' (from system property visft.lora.kernels)"), e.getMessage());
  }

  private static String captureStandardError(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}

package io.visft.lora.kernels;

/** Registers {@link CudaLoraKernels} (device 0) as the preferred backend where a GPU is usable. */
public final class CudaLoraKernelsFactory implements LoraKernelsFactory {

  /** Priority of the CUDA backend: above the CPU. */
  public static final int PRIORITY = 100;

  @Override
  public String name() {
    return CudaLoraKernels.NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public BackendAvailability availability() {
    return CudaLoraKernels.availability();
  }

  /** CUDA kernels on device 0. */
  @Override
  public LoraKernels create() {
    return CudaLoraKernels.create();
  }
}

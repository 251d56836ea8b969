package io.visft.lora.kernels;

/** Registers {@link CpuLoraKernels}, which run everywhere, as the lowest-priority backend. */
public final class CpuLoraKernelsFactory implements LoraKernelsFactory {

  /** Priority of the CPU backend: below every accelerator. */
  public static final int PRIORITY = 0;

  @Override
  public String name() {
    return CpuLoraKernels.NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public BackendAvailability availability() {
    return BackendAvailability.available(
        "pure Java on " + Runtime.getRuntime().availableProcessors() + " processor(s)");
  }

  /** CPU kernels using every available processor. */
  @Override
  public LoraKernels create() {
    return new CpuLoraKernels();
  }
}

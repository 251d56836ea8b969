package io.visft.lora.kernels;

/**
 * A backend for {@link LoraKernels}, found by {@link LoraKernelsProvider} through {@link
 * java.util.ServiceLoader}: list implementations in {@code
 * META-INF/services/io.visft.lora.kernels.LoraKernelsFactory}. Implementations need a public
 * no-argument constructor and must be cheap to construct; probing belongs in {@link
 * #availability()}.
 */
public interface LoraKernelsFactory {

  /** The name users select the backend by, lower case (for example {@code "cpu"}). */
  String name();

  /** Order in which {@code "auto"} tries backends: higher first. */
  int priority();

  /** Whether {@link #create()} can succeed here, and if not why and what to install. */
  BackendAvailability availability();

  /**
   * New kernels, owned by the caller, who must close them.
   *
   * @throws io.visft.api.BackendUnavailableException if the backend cannot run here
   */
  LoraKernels create();
}

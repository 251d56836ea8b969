package io.visft.lora.kernels;

import io.visft.api.BackendUnavailableException;
import io.visft.api.ConfigException;
import io.visft.api.ViSFTException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses {@link LoraKernels} among the {@link LoraKernelsFactory} backends on the class path: by
 * explicit name, else by the system property {@value #PROPERTY}, else {@value #AUTO}, which takes
 * the highest-priority backend that can run here (CUDA, then CPU) and logs why it skipped the
 * others. Stateless and thread-safe.
 */
public final class LoraKernelsProvider {

  /** System property naming the backend when no preference is passed. */
  public static final String PROPERTY = "visft.lora.kernels";

  /** Preference for the best backend that can run here. */
  public static final String AUTO = "auto";

  private static final Logger LOG = LoggerFactory.getLogger(LoraKernelsProvider.class);

  private LoraKernelsProvider() {}

  /** Kernels chosen by the system property {@value #PROPERTY}, or {@value #AUTO} if it is unset. */
  public static LoraKernels select() {
    return select(null);
  }

  /**
   * Kernels chosen by name.
   *
   * @param preference {@code "cpu"}, {@code "cuda"}, another registered backend, or {@value #AUTO};
   *     case-insensitive; null means the system property {@value #PROPERTY}, then {@value #AUTO}
   * @return new kernels, owned by the caller, who must close them
   * @throws ConfigException if no backend has that name; the message lists the valid names
   * @throws BackendUnavailableException if the named backend cannot run here; the message says why
   *     and what to install
   */
  public static LoraKernels select(String preference) {
    String source = "the argument";
    String wanted = preference;
    if (wanted == null) {
      source = "system property " + PROPERTY;
      wanted = System.getProperty(PROPERTY, AUTO);
    }
    String name = wanted.trim().toLowerCase(Locale.ROOT);
    List<LoraKernelsFactory> factories = factories();
    if (name.equals(AUTO)) {
      return selectAutomatically(factories);
    }
    for (LoraKernelsFactory factory : factories) {
      if (factory.name().equals(name)) {
        return createExplicitly(factory, source);
      }
    }
    throw new ConfigException(
        "LoRA kernels '"
            + wanted
            + "' (from "
            + source
            + ") are unknown; expected one of "
            + choices(factories));
  }

  /** The registered backends, highest priority first. */
  public static List<LoraKernelsFactory> factories() {
    List<LoraKernelsFactory> factories = new ArrayList<>();
    ServiceLoader.load(LoraKernelsFactory.class, LoraKernelsProvider.class.getClassLoader())
        .forEach(factories::add);
    factories.sort(
        Comparator.comparingInt(LoraKernelsFactory::priority)
            .reversed()
            .thenComparing(LoraKernelsFactory::name));
    return List.copyOf(factories);
  }

  private static LoraKernels createExplicitly(LoraKernelsFactory factory, String source) {
    BackendAvailability availability = factory.availability();
    if (!availability.available()) {
      throw new BackendUnavailableException(
          "LoRA kernels '"
              + factory.name()
              + "' were requested (by "
              + source
              + ") but cannot run here: "
              + availability.detail()
              + ". To fix: "
              + availability.remedy()
              + "; or request '"
              + CpuLoraKernels.NAME
              + "' or '"
              + AUTO
              + "'");
    }
    LoraKernels kernels = factory.create();
    LOG.info("Using LoRA kernels '{}' ({})", kernels.name(), availability.detail());
    return kernels;
  }

  private static LoraKernels selectAutomatically(List<LoraKernelsFactory> factories) {
    List<String> skipped = new ArrayList<>();
    for (LoraKernelsFactory factory : factories) {
      BackendAvailability availability = factory.availability();
      if (!availability.available()) {
        LOG.info(
            "LoRA kernels '{}' unavailable, trying the next backend: {}",
            factory.name(),
            availability.detail());
        skipped.add(factory.name() + ": " + availability.detail());
        continue;
      }
      try {
        LoraKernels kernels = factory.create();
        LOG.info("Using LoRA kernels '{}' ({})", kernels.name(), availability.detail());
        return kernels;
      } catch (ViSFTException e) {
        LOG.info(
            "LoRA kernels '{}' failed to start, trying the next backend: {}",
            factory.name(),
            e.getMessage());
        skipped.add(factory.name() + ": " + e.getMessage());
      }
    }
    throw new BackendUnavailableException(
        "no LoRA kernels can run here; tried "
            + skipped
            + ". Put visft-lora, which provides '"
            + CpuLoraKernels.NAME
            + "', on the class path with its META-INF/services entries");
  }

  private static String choices(List<LoraKernelsFactory> factories) {
    return factories.stream()
        .map(LoraKernelsFactory::name)
        .collect(Collectors.joining(", ", "[" + AUTO + ", ", "]"));
  }
}

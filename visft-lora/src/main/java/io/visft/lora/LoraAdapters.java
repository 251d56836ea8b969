package io.visft.lora;

import io.visft.core.vit.LinearLayer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Several named adapters for one backbone, at most one active: graphs built with
 * {@link #linearLayer} apply the active adapter, or none (the base model exactly) when disabled.
 * Not thread-safe.
 */
public final class LoraAdapters {
  private final Map<String, Lora> adapters = new LinkedHashMap<>();
  private String active;

  /** Registers an adapter under its name; the first one added becomes active. */
  public LoraAdapters add(Lora lora) {
    if (adapters.putIfAbsent(lora.name(), lora) != null) {
      throw new IllegalArgumentException("an adapter named '" + lora.name() + "' is already registered");
    }
    if (active == null) {
      active = lora.name();
    }
    return this;
  }

  /** Makes {@code name} the active adapter. */
  public void activate(String name) {
    if (!adapters.containsKey(name)) {
      throw new IllegalArgumentException("no adapter named '" + name + "'; registered: " + adapters.keySet());
    }
    active = name;
  }

  /** Deactivates all adapters: graphs built from now on are the base model. */
  public void disable() {
    active = null;
  }

  public Optional<Lora> active() {
    return Optional.ofNullable(active).map(adapters::get);
  }

  public Map<String, Lora> all() {
    return Collections.unmodifiableMap(adapters);
  }

  /**
   * The linear layer for a graph build: the active adapter's (with dropout driven by
   * {@code dropoutSeed} when non-null), or the plain layer when disabled.
   */
  public LinearLayer linearLayer(io.visft.core.graph.Value dropoutSeed) {
    return active().<LinearLayer>map(l -> new LoraLinearLayer(l, dropoutSeed)).orElse(LinearLayer.PLAIN);
  }
}

package io.visft.lora;

import io.visft.api.ConfigException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which linear modules receive LoRA, and for fused {@code qkv} layers which output slices.
 *
 * @param pattern a module-name suffix ({@code attn.qkv} matches {@code blocks.7.attn.qkv}) or, when
 *     {@code regex}, a regular expression matched against the whole module name
 * @param regex whether {@code pattern} is a regular expression
 * @param parts for a fused qkv layer, the slices adapted (each its own A and B); empty = the whole
 *     output of the layer. Kept and iterated in Q, K, V order whatever the given set's order, so
 *     that sites, their initial draws and their parameters come in the same order in every run
 */
public record LoraTarget(String pattern, boolean regex, Set<QkvPart> parts) {

  public LoraTarget {
    if (pattern == null || pattern.isBlank()) {
      throw new ConfigException(
          "LoRA target pattern is empty; give a module suffix such as 'attn.qkv' or a regex");
    }
    if (regex) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new ConfigException(
            "LoRA target regex '" + pattern + "' does not compile: " + e.getDescription(), e);
      }
    }
    parts = parts.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(parts));
  }

  /** The whole output of modules ending with {@code suffix}. */
  public static LoraTarget suffix(String suffix) {
    return new LoraTarget(suffix, false, Set.of());
  }

  /** Slices of a fused qkv layer whose module ends with {@code suffix}. */
  public static LoraTarget qkv(String suffix, QkvPart... parts) {
    if (parts.length == 0) {
      throw new ConfigException("LoraTarget.qkv('" + suffix + "') needs at least one of Q, K, V");
    }
    return new LoraTarget(suffix, false, EnumSet.of(parts[0], parts));
  }

  /** The whole output of modules whose full name matches {@code regex}. */
  public static LoraTarget regex(String regex) {
    return new LoraTarget(regex, true, Set.of());
  }

  /** True when this target selects {@code module}. */
  public boolean matches(String module) {
    if (regex) {
      return Pattern.matches(pattern, module);
    }
    return module.equals(pattern) || module.endsWith("." + pattern);
  }

  /** True when only some qkv slices are adapted. */
  public boolean isSliced() {
    return !parts.isEmpty();
  }
}

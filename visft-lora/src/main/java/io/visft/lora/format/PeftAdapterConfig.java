package io.visft.lora.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.FileFormatException;
import io.visft.core.io.Capped;
import io.visft.core.io.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The fields of a PEFT {@code adapter_config.json} that decide how a LoRA adapter's tensors are
 * read: the global rank and alpha, their per-module overrides and rsLoRA, after rejecting the
 * variants this library cannot apply (DoRA, trained biases, saved modules, Conv1D weights).
 *
 * <p>Flags must be JSON booleans (or null, read as false): PEFT itself never writes a string, and a
 * string such as {@code "false"} would be true under Python's truthiness, so it is refused rather
 * than guessed.
 *
 * @param file the config file, for messages
 * @param r the global rank {@code r}
 * @param alpha the global {@code lora_alpha} (PEFT's default 8 when absent)
 * @param useRslora {@code use_rslora}
 * @param rankPattern {@code rank_pattern}: per-module ranks
 * @param alphaPattern {@code alpha_pattern}: per-module alphas
 */
record PeftAdapterConfig(
    Path file,
    int r,
    double alpha,
    boolean useRslora,
    List<PatternEntry> rankPattern,
    List<PatternEntry> alphaPattern) {
  /** PEFT's {@code LoraConfig.lora_alpha} default. */
  static final double DEFAULT_ALPHA = 8;

  /**
   * One entry of {@code rank_pattern} or {@code alpha_pattern}, matched as PEFT matches it: the key
   * as a regular expression for the module name's last dot-separated components, {@code
   * (.*\.)?(key)$}.
   */
  record PatternEntry(String field, String key, BoundedRegex regex, double value) {
    /** {@code rank_pattern['qkv'] = 16}. */
    String describe() {
      String shown =
          field.equals("rank_pattern") ? String.valueOf((long) value) : String.valueOf(value);
      return field + "['" + Capped.value(key) + "'] = " + shown;
    }
  }

  PeftAdapterConfig {
    rankPattern = List.copyOf(rankPattern);
    alphaPattern = List.copyOf(alphaPattern);
  }

  /** Reads and validates {@code file}. */
  static PeftAdapterConfig read(Path file) {
    JsonNode cfg;
    try {
      cfg = StrictJson.readTree(new ObjectMapper(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new FileFormatException(
          "cannot read PEFT adapter config "
              + file
              + ": "
              + e.getMessage()
              + " (a PEFT adapter"
              + " folder holds "
              + PeftLoraFormat.CONFIG_FILE
              + " and "
              + PeftLoraFormat.WEIGHTS_FILE
              + ")",
          e);
    }
    if (cfg == null || !cfg.isObject()) {
      throw new FileFormatException(file + ": expected a JSON object of PEFT LoraConfig fields");
    }
    if (!"LORA".equals(cfg.path("peft_type").asText())) {
      throw new FileFormatException(
          file
              + ": peft_type is '"
              + Capped.value(cfg.path("peft_type").asText())
              + "', expected 'LORA'");
    }
    int r = positiveInt(file, cfg, "r");
    JsonNode alphaNode = cfg.get("lora_alpha");
    double alpha = alphaNode == null ? DEFAULT_ALPHA : positive(file, "lora_alpha", alphaNode);
    boolean rslora = flag(file, cfg, "use_rslora");
    if (flag(file, cfg, "use_dora")) {
      throw new FileFormatException(
          file
              + ": use_dora = true: DoRA adapters (a learned magnitude vector on top of"
              + " LoRA) are not supported; train or export a plain LoRA adapter");
    }
    String bias = cfg.path("bias").asText("none");
    if (!bias.equals("none")) {
      throw new FileFormatException(
          file
              + ": bias = '"
              + Capped.value(bias)
              + "': adapters that also train the layers'"
              + " biases are not supported; only bias = 'none' is");
    }
    if (cfg.hasNonNull("modules_to_save") && !cfg.get("modules_to_save").isEmpty()) {
      throw new FileFormatException(
          file
              + ": modules_to_save = "
              + Capped.value(cfg.get("modules_to_save").toString())
              + ": adapters that carry fully trained modules besides LoRA are not supported");
    }
    if (flag(file, cfg, "fan_in_fan_out")) {
      throw new FileFormatException(
          file + ": fan_in_fan_out = true (Conv1D-style weights) is not supported for ViT linears");
    }
    return new PeftAdapterConfig(
        file,
        r,
        alpha,
        rslora,
        overrides(file, cfg, "rank_pattern", true),
        overrides(file, cfg, "alpha_pattern", false));
  }

  /** The rank PEFT gives {@code module}: its {@code rank_pattern} entry, else {@code r}. */
  int rank(String module) {
    return match(rankPattern, module).map(o -> (int) o.value()).orElse(r);
  }

  /**
   * Where {@link #rank} comes from, for messages: {@code r = 8} or {@code rank_pattern['qkv'] =
   * 16}.
   */
  String rankSource(String module) {
    return match(rankPattern, module).map(PatternEntry::describe).orElse("r = " + r);
  }

  /**
   * The alpha PEFT gives {@code module}: its {@code alpha_pattern} entry, else {@code lora_alpha}.
   */
  double alpha(String module) {
    return match(alphaPattern, module).map(PatternEntry::value).orElse(alpha);
  }

  /** Where {@link #alpha} comes from, for messages. */
  String alphaSource(String module) {
    return match(alphaPattern, module).map(PatternEntry::describe).orElse("lora_alpha = " + alpha);
  }

  private java.util.Optional<PatternEntry> match(List<PatternEntry> pattern, String module) {
    for (PatternEntry o : pattern) {
      boolean hit;
      try {
        hit = o.regex().matches(module);
      } catch (IllegalArgumentException e) {
        throw new FileFormatException(
            file + ": " + o.field() + " key '" + Capped.value(o.key()) + "' " + e.getMessage(), e);
      }
      if (hit) {
        return java.util.Optional.of(o);
      }
    }
    return java.util.Optional.empty();
  }

  private static List<PatternEntry> overrides(
      Path file, JsonNode cfg, String field, boolean integral) {
    JsonNode node = cfg.get(field);
    List<PatternEntry> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new FileFormatException(
          file
              + ": "
              + field
              + " = "
              + Capped.value(node.toString())
              + " is not an object of module pattern -> "
              + (integral ? "rank" : "alpha"));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = field + "['" + Capped.value(e.getKey()) + "']";
      double value =
          integral ? positiveInt(file, where, e.getValue()) : positive(file, where, e.getValue());
      BoundedRegex regex;
      try {
        regex = BoundedRegex.compile("(.*\\.)?(" + e.getKey() + ")$");
      } catch (IllegalArgumentException bad) {
        throw new FileFormatException(
            file + ": " + field + " key '" + Capped.value(e.getKey()) + "' " + bad.getMessage(),
            bad);
      }
      out.add(new PatternEntry(field, e.getKey(), regex, value));
    }
    return out;
  }

  private static boolean flag(Path file, JsonNode cfg, String field) {
    JsonNode n = cfg.get(field);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new FileFormatException(
          file
              + ": "
              + field
              + " = "
              + Capped.value(n.toString())
              + " is not a JSON boolean;"
              + " write true or false without quotes");
    }
    return n.booleanValue();
  }

  private static int positiveInt(Path file, JsonNode cfg, String field) {
    return positiveInt(file, "field '" + field + "'", cfg.get(field));
  }

  private static int positiveInt(Path file, String where, JsonNode n) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
      throw new FileFormatException(
          file
              + ": "
              + where
              + " must be a positive integer, got "
              + (n == null ? "nothing" : Capped.value(n.toString())));
    }
    return n.asInt();
  }

  private static double positive(Path file, String where, JsonNode n) {
    if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
      throw new FileFormatException(
          file + ": " + where + " must be a positive number, got " + Capped.value(n.toString()));
    }
    return n.asDouble();
  }
}

package io.visft.core.vit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.core.io.AtomicFiles;
import io.visft.core.io.StrictJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** Reads {@link EvaConfig} from a JSON object; every schema problem is reported in one message. */
final class EvaConfigJson {

  private static final List<String> REQUIRED_KEYS =
      List.of(
          "embed_dim",
          "depth",
          "num_heads",
          "mlp_hidden_dim",
          "patch_size",
          "pos_embed_grid",
          "post_norm",
          "layer_norm_eps");
  private static final String FINAL_NORM = "final_norm";
  private static final List<String> VALID_KEYS = validKeys();
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private EvaConfigJson() {}

  /** Writes {@code config} with the keys {@link #read} reads, atomically. */
  static void write(EvaConfig config, Path file) {
    ObjectNode root =
        MAPPER
            .createObjectNode()
            .put("embed_dim", config.embedDim())
            .put("depth", config.depth())
            .put("num_heads", config.numHeads())
            .put("mlp_hidden_dim", config.mlpHiddenDim())
            .put("patch_size", config.patchSize())
            .put("pos_embed_grid", config.posEmbedGrid())
            .put("post_norm", config.postNorm())
            .put("layer_norm_eps", config.layerNormEps())
            .put(FINAL_NORM, config.finalNorm());
    byte[] bytes;
    try {
      bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + config, e);
    }
    AtomicFiles.write(file, channel -> channel.write(ByteBuffer.wrap(bytes)));
  }

  static EvaConfig read(Path file) {
    JsonNode root = parse(file);
    if (!root.isObject()) {
      throw new ConfigException(
          "EVA config file "
              + file
              + " must hold a JSON object with the keys "
              + VALID_KEYS
              + ", found "
              + describe(root)
              + ".");
    }
    List<String> problems = new ArrayList<>();
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!VALID_KEYS.contains(name)) {
        problems.add("unknown key \"" + name + "\"");
      }
    }
    for (String key : REQUIRED_KEYS) {
      if (!root.has(key)) {
        problems.add("missing key \"" + key + "\"");
      }
    }
    int embedDim = intValue(root, "embed_dim", problems);
    int depth = intValue(root, "depth", problems);
    int numHeads = intValue(root, "num_heads", problems);
    int mlpHiddenDim = intValue(root, "mlp_hidden_dim", problems);
    int patchSize = intValue(root, "patch_size", problems);
    int posEmbedGrid = intValue(root, "pos_embed_grid", problems);
    boolean postNorm = booleanValue(root, "post_norm", false, problems);
    double layerNormEps = doubleValue(root, "layer_norm_eps", problems);
    boolean finalNorm = booleanValue(root, FINAL_NORM, true, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(
          "EVA config file "
              + file
              + " is invalid: "
              + String.join("; ", problems)
              + ". Valid keys are "
              + VALID_KEYS
              + " ("
              + FINAL_NORM
              + " is optional, default true); for example {\"embed_dim\": 1408, \"depth\": 40, "
              + "\"num_heads\": 16, \"mlp_hidden_dim\": 6144, \"patch_size\": 14, "
              + "\"pos_embed_grid\": 16, \"post_norm\": false, \"layer_norm_eps\": 1e-6}.");
    }
    try {
      return new EvaConfig(
          embedDim,
          depth,
          numHeads,
          mlpHiddenDim,
          patchSize,
          posEmbedGrid,
          postNorm,
          layerNormEps,
          finalNorm);
    } catch (ConfigException e) {
      throw new ConfigException("EVA config file " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(Path file) {
    try {
      return StrictJson.readTree(MAPPER, MAPPER.createParser(file.toFile()));
    } catch (JsonProcessingException e) {
      throw new FileFormatException(
          "EVA config file "
              + file
              + " is not valid JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ". Fix the syntax, or pass a preset name "
              + EvaConfig.presetNames()
              + " instead.",
          e);
    } catch (IOException e) {
      throw new ConfigException(
          "EVA config file "
              + file
              + " cannot be read ("
              + e
              + "); check the path, or pass a preset name "
              + EvaConfig.presetNames()
              + " instead.",
          e);
    }
  }

  private static int intValue(JsonNode root, String key, List<String> problems) {
    JsonNode node = root.get(key);
    if (node == null) {
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      problems.add(wrongType(key, "an integer", node));
      return 0;
    }
    return node.intValue();
  }

  private static boolean booleanValue(
      JsonNode root, String key, boolean absent, List<String> problems) {
    JsonNode node = root.get(key);
    if (node == null) {
      return absent;
    }
    if (!node.isBoolean()) {
      problems.add(wrongType(key, "true or false", node));
      return absent;
    }
    return node.booleanValue();
  }

  private static double doubleValue(JsonNode root, String key, List<String> problems) {
    JsonNode node = root.get(key);
    if (node == null) {
      return 0;
    }
    if (!node.isNumber()) {
      problems.add(wrongType(key, "a number", node));
      return 0;
    }
    return node.doubleValue();
  }

  private static String wrongType(String key, String expected, JsonNode found) {
    return "key \"" + key + "\" must be " + expected + ", found " + describe(found);
  }

  private static String describe(JsonNode node) {
    if (node.isMissingNode()) {
      return "no content (the file is empty)";
    }
    String kind =
        node.isIntegralNumber() && !node.canConvertToInt()
            ? "integer out of range"
            : node.getNodeType().name().toLowerCase(Locale.ROOT);
    return kind + " " + node;
  }

  private static List<String> validKeys() {
    List<String> keys = new ArrayList<>(REQUIRED_KEYS);
    keys.add(FINAL_NORM);
    return List.copyOf(keys);
  }
}

package io.visft.lora.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.FileFormatException;
import io.visft.core.io.Capped;
import io.visft.core.io.StrictJson;
import io.visft.lora.QkvPart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@value PeftLoraFormat#SITES_METADATA} safetensors metadata this library writes next to a
 * PEFT adapter that embeds q/k/v slices: a JSON array of {@code {"module": <name>}} (a whole layer)
 * or {@code {"module": <name>, "part": "Q"|"K"|"V"}} (one slice, in the order its rows are stacked
 * in {@code lora_A}).
 */
final class SitesMetadata {
  private static final String FORMAT =
      "a non-empty JSON array of {\"module\": <name>} or {\"module\": <name>, \"part\":"
          + " \"Q\"|\"K\"|\"V\"} objects";

  private SitesMetadata() {}

  /**
   * The parts of each module in listing order (an empty list for a whole layer).
   *
   * @throws FileFormatException naming {@code file} and the offending entry when the text is not
   *     that format, or lists a module twice as a whole layer, a part twice, or a module both whole
   *     and sliced
   */
  static Map<String, List<QkvPart>> parse(Path file, String text) {
    JsonNode root;
    try {
      root = StrictJson.readTree(new ObjectMapper(), text);
    } catch (JsonProcessingException e) {
      throw bad(file, "is not valid JSON (" + Capped.value(e.getOriginalMessage()) + ")");
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw bad(
          file,
          "is " + (root == null || root.isMissingNode() ? "empty" : Capped.value(root.toString())));
    }
    Map<String, List<QkvPart>> parts = new LinkedHashMap<>();
    Map<String, Boolean> whole = new LinkedHashMap<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode s = root.get(i);
      String where = "entry " + i + " " + Capped.value(s.toString());
      if (!s.isObject() || !s.path("module").isTextual() || s.get("module").asText().isEmpty()) {
        throw bad(file, where + " has no \"module\" name");
      }
      for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        if (!field.equals("module") && !field.equals("part")) {
          throw bad(file, where + " has the unknown field '" + Capped.value(field) + "'");
        }
      }
      String module = s.get("module").asText();
      QkvPart part = s.has("part") ? part(file, where, s.get("part")) : null;
      Boolean wasWhole = whole.putIfAbsent(module, part == null);
      List<QkvPart> list = parts.computeIfAbsent(module, m -> new ArrayList<>());
      if (wasWhole != null && (wasWhole || part == null)) {
        throw bad(
            file,
            where
                + " lists module '"
                + Capped.value(module)
                + "' again"
                + (wasWhole == (part == null) ? "" : ", once as a whole layer and once as slices"));
      }
      if (part != null && list.contains(part)) {
        throw bad(file, where + " lists part " + part + " of '" + Capped.value(module) + "' twice");
      }
      if (part != null) {
        list.add(part);
      }
    }
    return parts;
  }

  private static QkvPart part(Path file, String where, JsonNode node) {
    String text = node.isTextual() ? node.asText() : "";
    for (QkvPart p : QkvPart.values()) {
      if (p.name().equals(text)) {
        return p;
      }
    }
    throw bad(
        file,
        where + " has part " + Capped.value(node.toString()) + "; expected \"Q\", \"K\" or \"V\"");
  }

  private static FileFormatException bad(Path file, String what) {
    return new FileFormatException(
        file
            + ": metadata "
            + PeftLoraFormat.SITES_METADATA
            + " "
            + what
            + "; expected "
            + FORMAT
            + " (this library writes it; delete the entry to read the adapter as PEFT sees it, whole layers)");
  }
}

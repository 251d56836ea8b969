package io.visft.examples.ood;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.core.eval.ConfidenceInterval;
import java.util.List;
import java.util.Locale;

/** The results of a suite as a text table and as JSON. Stateless. */
public final class SuiteReport {
  private SuiteReport() {}

  /** A fixed-width table: benchmark, metric, then {@code mean ± half-width} (in %) per backbone. */
  public static String table(List<String> backbones, List<MetricRow> rows) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-24s %-28s", "benchmark", "metric"));
    backbones.forEach(b -> out.append(String.format(Locale.ROOT, " %16s", b)));
    if (backbones.size() == 2) {
      out.append(String.format(Locale.ROOT, " %8s", "delta"));
    }
    out.append('\n');
    for (MetricRow row : rows) {
      out.append(String.format(Locale.ROOT, "%-24s %-28s", row.benchmark(), row.metric()));
      row.values().forEach(ci -> out.append(String.format(Locale.ROOT, " %16s", percent(ci))));
      if (row.values().size() == 2) {
        out.append(String.format(Locale.ROOT, " %+8.2f", 100 * (row.values().get(1).mean() - row.values().get(0).mean())));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code 71.20 ± 1.35}: mean and half-width in percent. */
  static String percent(ConfidenceInterval ci) {
    return String.format(Locale.ROOT, "%.2f ± %.2f", 100 * ci.mean(), 100 * ci.halfWidth());
  }

  /**
   * {@code {"backbones": [...], "results": [{"benchmark", "data", "metric", "<backbone>": {"mean",
   * "ci95", "samples"}}]}} with accuracies as fractions.
   */
  public static String json(List<String> backbones, List<MetricRow> rows) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    backbones.forEach(root.putArray("backbones")::add);
    ArrayNode results = root.putArray("results");
    for (MetricRow row : rows) {
      ObjectNode r = results.addObject().put("benchmark", row.benchmark()).put("data", row.data()).put("metric", row.metric());
      for (int i = 0; i < backbones.size(); i++) {
        ConfidenceInterval ci = row.values().get(i);
        r.putObject(backbones.get(i)).put("mean", ci.mean()).put("ci95", ci.halfWidth()).put("samples", ci.samples());
      }
    }
    return root.toPrettyString();
  }
}

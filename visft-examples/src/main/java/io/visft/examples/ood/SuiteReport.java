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
    StringBuilder out =
        new StringBuilder(String.format(Locale.ROOT, "%-24s %-28s", "benchmark", "metric"));
    backbones.forEach(b -> out.append(String.format(Locale.ROOT, " %16s", b)));
    if (backbones.size() == 2) {
      out.append(String.format(Locale.ROOT, " %8s", "delta"));
    }
    out.append('\n');
    for (MetricRow row : rows) {
      out.append(String.format(Locale.ROOT, "%-24s %-28s", row.benchmark(), row.metric()));
      row.values().forEach(ci -> out.append(String.format(Locale.ROOT, " %16s", percent(ci))));
      if (row.values().size() == 2) {
        out.append(
            String.format(
                Locale.ROOT,
                " %+8.2f",
                100 * (row.values().get(1).mean() - row.values().get(0).mean())));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * One line on where the embeddings came from, e.g. {@code embeddings: 3 of 4 read from the cache
   * (<folder>): few-shot/base, …; 1 computed}.
   */
  public static String cacheSummary(List<CacheUse> cacheUses) {
    List<CacheUse> read = cacheUses.stream().filter(CacheUse::fromCache).toList();
    if (read.isEmpty()) {
      return "embeddings: all " + cacheUses.size() + " computed, none read from the cache";
    }
    List<String> names = read.stream().map(u -> u.benchmark() + "/" + u.backbone()).toList();
    String shown =
        String.join(", ", names.subList(0, Math.min(5, names.size())))
            + (names.size() > 5 ? ", … (" + names.size() + " in all)" : "");
    return "embeddings: "
        + read.size()
        + " of "
        + cacheUses.size()
        + " read from the cache ("
        + read.get(0).file().getParent()
        + "): "
        + shown
        + "; "
        + (cacheUses.size() - read.size())
        + " computed";
  }

  /** {@code 71.20 ± 1.35}: mean and half-width in percent. */
  static String percent(ConfidenceInterval ci) {
    return String.format(Locale.ROOT, "%.2f ± %.2f", 100 * ci.mean(), 100 * ci.halfWidth());
  }

  /**
   * {@code {"backbones": [...], "results": [{"benchmark", "data", "metric", "<backbone>": {"mean",
   * "ci95", "samples"}}], "embedding_cache": {"read": n, "computed": m, "entries": [{"benchmark",
   * "backbone", "file", "from_cache"}]}}} with accuracies as fractions.
   */
  public static String json(
      List<String> backbones, List<MetricRow> rows, List<CacheUse> cacheUses) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    backbones.forEach(root.putArray("backbones")::add);
    ArrayNode results = root.putArray("results");
    for (MetricRow row : rows) {
      ObjectNode r =
          results
              .addObject()
              .put("benchmark", row.benchmark())
              .put("data", row.data())
              .put("metric", row.metric());
      for (int i = 0; i < backbones.size(); i++) {
        ConfidenceInterval ci = row.values().get(i);
        r.putObject(backbones.get(i))
            .put("mean", ci.mean())
            .put("ci95", ci.halfWidth())
            .put("samples", ci.samples());
      }
    }
    ObjectNode cache = root.putObject("embedding_cache");
    long read = cacheUses.stream().filter(CacheUse::fromCache).count();
    cache.put("read", read).put("computed", cacheUses.size() - read);
    ArrayNode entries = cache.putArray("entries");
    for (CacheUse use : cacheUses) {
      entries
          .addObject()
          .put("benchmark", use.benchmark())
          .put("backbone", use.backbone())
          .put("file", use.file().toString())
          .put("from_cache", use.fromCache());
    }
    return root.toPrettyString();
  }
}

package io.visft.examples.ood;

import io.visft.core.eval.ConfidenceInterval;
import java.util.List;

/**
 * One metric of one benchmark, per backbone variant in suite order (base first, then adapted).
 *
 * @param benchmark benchmark name
 * @param data description of the data
 * @param metric e.g. {@code 5-way 1-shot k-NN}
 * @param values accuracy with its 95% interval, one per backbone
 */
public record MetricRow(
    String benchmark, String data, String metric, List<ConfidenceInterval> values) {
  public MetricRow {
    values = List.copyOf(values);
  }
}

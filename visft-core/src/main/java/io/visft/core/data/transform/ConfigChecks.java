package io.visft.core.data.transform;

import io.visft.api.ConfigException;

/** Uniform validation messages for the transform configuration records: field, value, rule, fix. */
final class ConfigChecks {
  private ConfigChecks() {}

  static void require(
      boolean ok, String config, String field, Object value, String rule, String fix) {
    if (!ok) {
      throw new ConfigException(config + "." + field + " = " + value + ": " + rule + "; " + fix);
    }
  }

  static void requireProbability(String config, String field, double p) {
    require(
        p >= 0 && p <= 1,
        config,
        field,
        p,
        "must be a probability in [0, 1]",
        "use 0.5 for the paper's setting");
  }
}

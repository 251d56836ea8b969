package io.visft.heads.matching;

import io.visft.api.ConfigException;

/** Validation of the term weights of a matching cost. */
final class MatchWeights {

  private MatchWeights() {}

  /**
   * Requires every weight to be finite and {@code >= 0}, and at least one to be positive.
   *
   * @throws ConfigException naming the record, the field and its value
   */
  static void check(String owner, String[] names, double... weights) {
    boolean anyPositive = false;
    for (int i = 0; i < weights.length; i++) {
      if (!(Double.isFinite(weights[i]) && weights[i] >= 0)) {
        throw new ConfigException(
            String.format(
                "%s.%s = %s must be finite and >= 0; start from the paper defaults and change"
                    + " one weight",
                owner, names[i], weights[i]));
      }
      anyPositive |= weights[i] > 0;
    }
    if (!anyPositive) {
      throw new ConfigException(
          owner
              + " weights are all 0, which makes every assignment equally good; set at least"
              + " one weight > 0");
    }
  }
}

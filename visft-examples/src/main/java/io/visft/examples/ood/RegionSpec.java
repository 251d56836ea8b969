package io.visft.examples.ood;

import io.visft.api.ConfigException;
import io.visft.core.eval.RoiAlignConfig;

/**
 * How a region benchmark identifies its objects.
 *
 * @param classifier {@code probe} (a linear probe on a split of the regions by image) or {@code
 *     zero-shot} (nearest class text embedding; needs text embeddings of the backbone's width)
 * @param testFraction share of the images whose regions are tested (probe only), in (0, 1)
 * @param seed seed of the split
 * @param align how boxes are pooled from the dense map
 */
public record RegionSpec(String classifier, double testFraction, long seed, RoiAlignConfig align) {
  static final String PROBE = "probe";
  static final String ZERO_SHOT = "zero-shot";

  public RegionSpec {
    if (!PROBE.equals(classifier) && !ZERO_SHOT.equals(classifier)) {
      throw new ConfigException(
          "region 'classifier' is '" + classifier + "'; expected " + PROBE + " or " + ZERO_SHOT);
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new ConfigException(
          "region 'test_fraction' = " + testFraction + " must be in (0, 1), e.g. 0.3");
    }
  }
}

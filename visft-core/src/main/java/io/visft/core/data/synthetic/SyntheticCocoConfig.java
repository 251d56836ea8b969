package io.visft.core.data.synthetic;

import io.visft.api.ConfigException;

/**
 * What {@link SyntheticCocoGenerator} draws.
 *
 * @param seed base seed; the same seed gives byte-identical files
 * @param imageCount number of images, 1 to 999,999
 * @param minImageSide smallest image side, at least 32
 * @param maxImageSide largest image side, at least {@code minImageSide} and at most 4096
 * @param minObjects fewest shapes per image, at least 1
 * @param maxObjects most shapes per image, at least {@code minObjects} and at most 8; 1 for the
 *     held-out domain
 * @param domain the visual domain
 * @param captionsPerImage captions per image, 1 to 7 (one per distinct template)
 */
public record SyntheticCocoConfig(
    long seed,
    int imageCount,
    int minImageSide,
    int maxImageSide,
    int minObjects,
    int maxObjects,
    SceneDomain domain,
    int captionsPerImage) {

  public SyntheticCocoConfig {
    require(
        imageCount >= 1 && imageCount <= 999_999,
        "imageCount",
        imageCount,
        "must be in 1..999999",
        "use for example 200");
    require(minImageSide >= 32, "minImageSide", minImageSide, "must be at least 32", "use 160");
    require(
        maxImageSide >= minImageSide && maxImageSide <= 4096,
        "maxImageSide",
        maxImageSide,
        "must be in minImageSide (" + minImageSide + ")..4096",
        "use 320");
    require(minObjects >= 1, "minObjects", minObjects, "must be at least 1", "use 1");
    require(
        maxObjects >= minObjects && maxObjects <= 8,
        "maxObjects",
        maxObjects,
        "must be in minObjects (" + minObjects + ")..8",
        "use 4");
    require(domain != null, "domain", null, "must be set", "use SceneDomain.IN_DOMAIN or HELD_OUT");
    require(
        domain != SceneDomain.HELD_OUT || maxObjects == 1,
        "maxObjects",
        maxObjects,
        "must be 1 in the held-out domain (one class per image, one folder per class)",
        "use SyntheticCocoConfig.heldOut(seed, imageCount)");
    require(
        captionsPerImage >= 1 && captionsPerImage <= SceneCaptioner.templateCount(),
        "captionsPerImage",
        captionsPerImage,
        "must be in 1.." + SceneCaptioner.templateCount() + " (one caption per template)",
        "use 5, as COCO has");
  }

  /** Training-domain scenes: images of 160 to 320 pixels a side, 1 to 4 shapes, 5 captions each. */
  public static SyntheticCocoConfig inDomain(long seed, int imageCount) {
    return new SyntheticCocoConfig(seed, imageCount, 160, 320, 1, 4, SceneDomain.IN_DOMAIN, 5);
  }

  /** Held-out scenes for few-shot probes: one shape per image, classes cycled, 5 captions each. */
  public static SyntheticCocoConfig heldOut(long seed, int imageCount) {
    return new SyntheticCocoConfig(seed, imageCount, 160, 320, 1, 1, SceneDomain.HELD_OUT, 5);
  }

  private static void require(boolean ok, String field, Object value, String rule, String fix) {
    if (!ok) {
      throw new ConfigException(
          "SyntheticCocoConfig." + field + " = " + value + ": " + rule + "; " + fix);
    }
  }
}

package io.visft.core.data.synthetic;

import io.visft.core.data.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the scene of image {@code i} from its own random stream, {@code Seeds.mix(seed, i)}, so
 * every image can be regenerated alone. Stateless and thread-safe.
 *
 * <p>Shapes have sides of 20% to 45% of the image's short side (a third of them exactly as wide as
 * tall), lie at least one pixel inside the image, and may overlap, but two frames never overlap by
 * more than 25% intersection-over-union and no frame contains another's centre, so every object
 * stays largely visible. A shape that finds no free place in 50 draws is left out; the first always
 * fits.
 */
final class SceneSampler {
  private static final int PLACEMENT_ATTEMPTS = 50;
  private static final double MAX_IOU = 0.25;

  private SceneSampler() {}

  static Scene sample(SyntheticCocoConfig config, int imageIndex) {
    SplittableRandom random = new SplittableRandom(Seeds.mix(config.seed(), imageIndex));
    int width = random.nextInt(config.minImageSide(), config.maxImageSide() + 1);
    int height = random.nextInt(config.minImageSide(), config.maxImageSide() + 1);
    BackgroundTexture background = background(config.domain(), random);
    boolean heldOut = config.domain() == SceneDomain.HELD_OUT;
    int wanted = random.nextInt(config.minObjects(), config.maxObjects() + 1);
    List<SceneShape> shapes = new ArrayList<>();
    for (int k = 0; k < wanted; k++) {
      ShapeKind kind =
          heldOut
              ? heldOutClass(imageIndex)
              : ShapeKind.values()[random.nextInt(ShapeKind.values().length)];
      ShapeColor color = ShapeColor.values()[random.nextInt(ShapeColor.values().length)];
      for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
        SceneShape candidate = place(kind, color, width, height, random);
        if (fits(candidate, shapes)) {
          shapes.add(candidate);
          break;
        }
      }
    }
    return new Scene(width, height, config.domain(), background, shapes);
  }

  /** Held-out images cycle through the classes so every class folder gets its share. */
  static ShapeKind heldOutClass(int imageIndex) {
    return ShapeKind.values()[imageIndex % ShapeKind.values().length];
  }

  private static BackgroundTexture background(SceneDomain domain, SplittableRandom random) {
    BackgroundTexture.Pattern pattern =
        domain == SceneDomain.IN_DOMAIN
            ? BackgroundTexture.Pattern.GRATING
            : random.nextBoolean()
                ? BackgroundTexture.Pattern.CHECKER
                : BackgroundTexture.Pattern.STRIPES;
    return new BackgroundTexture(
        pattern,
        BackgroundTexture.mutedColor(random),
        BackgroundTexture.mutedColor(random),
        random.nextInt(6, 25),
        random.nextDouble(Math.PI),
        random.nextLong());
  }

  private static SceneShape place(
      ShapeKind kind, ShapeColor color, int width, int height, SplittableRandom random) {
    int shortSide = Math.min(width, height);
    double w = random.nextDouble(0.2, 0.45) * shortSide;
    double h = random.nextInt(3) == 0 ? w : random.nextDouble(0.2, 0.45) * shortSide;
    double x = random.nextDouble(1, width - 1 - w);
    double y = random.nextDouble(1, height - 1 - h);
    return new SceneShape(kind, color, x, y, w, h, random.nextDouble(0.2, 0.8));
  }

  private static boolean fits(SceneShape candidate, List<SceneShape> placed) {
    for (SceneShape other : placed) {
      if (iou(candidate, other) > MAX_IOU
          || containsCenter(candidate, other)
          || containsCenter(other, candidate)) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsCenter(SceneShape frame, SceneShape other) {
    return other.centerX() > frame.x()
        && other.centerX() < frame.x() + frame.width()
        && other.centerY() > frame.y()
        && other.centerY() < frame.y() + frame.height();
  }

  private static double iou(SceneShape a, SceneShape b) {
    double iw = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
    double ih = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / (a.width() * a.height() + b.width() * b.height() - inter);
  }
}

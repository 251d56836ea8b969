package io.visft.core.data.synthetic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Template captions for a scene, in the lower-case style of COCO captions ("a red circle next to a
 * blue square"). Seven templates describe colours, shapes, counts, relative positions and sizes;
 * each image gets a seeded choice of distinct ones, so a vocabulary with minimum frequency 5 keeps
 * colour, shape, number and relation words. Stateless and thread-safe.
 */
final class SceneCaptioner {
  private static final String[] COUNT_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight"
  };

  private static final List<Function<Scene, String>> TEMPLATES =
      List.of(
          SceneCaptioner::nextTo,
          SceneCaptioner::count,
          SceneCaptioner::position,
          SceneCaptioner::listing,
          SceneCaptioner::size,
          SceneCaptioner::background,
          SceneCaptioner::comparison);

  private SceneCaptioner() {}

  /** How many distinct templates exist, the most captions one image can get. */
  static int templateCount() {
    return TEMPLATES.size();
  }

  /** {@code count} distinct captions, templates chosen by {@code random}. */
  static List<String> captions(Scene scene, int count, SplittableRandom random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < TEMPLATES.size(); i++) {
      order.add(i);
    }
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int pick = order.remove(random.nextInt(order.size()));
      out.add(TEMPLATES.get(pick).apply(scene));
    }
    return out;
  }

  private static String phrase(SceneShape s) {
    return "a " + s.color().word() + " " + s.noun();
  }

  /** Shapes from largest to smallest frame area. */
  private static List<SceneShape> bySize(Scene scene) {
    List<SceneShape> sorted = new ArrayList<>(scene.shapes());
    sorted.sort(Comparator.comparingDouble((SceneShape s) -> s.width() * s.height()).reversed());
    return sorted;
  }

  private static String nextTo(Scene scene) {
    List<SceneShape> s = bySize(scene);
    return s.size() == 1
        ? phrase(s.get(0)) + " on a textured background"
        : phrase(s.get(0)) + " next to " + phrase(s.get(1));
  }

  private static String count(Scene scene) {
    int n = scene.shapes().size();
    return n == 1
        ? "there is one shape in the image"
        : "there are " + COUNT_WORDS[n] + " shapes in the image";
  }

  private static String position(Scene scene) {
    List<SceneShape> s = bySize(scene);
    SceneShape a = s.get(0);
    if (s.size() == 1) {
      double third = scene.width() / 3.0;
      String where = a.centerX() < third ? "left" : a.centerX() > 2 * third ? "right" : "middle";
      return phrase(a) + " in the " + where + " of the picture";
    }
    SceneShape b = s.get(1);
    double dx = b.centerX() - a.centerX();
    double dy = b.centerY() - a.centerY();
    String relation =
        Math.abs(dx) >= Math.abs(dy)
            ? (dx > 0 ? "to the left of" : "to the right of")
            : (dy > 0 ? "above" : "below");
    return phrase(a) + " " + relation + " " + phrase(b);
  }

  private static String listing(Scene scene) {
    List<SceneShape> s = scene.shapes();
    StringBuilder text = new StringBuilder("an image of ");
    for (int i = 0; i < s.size(); i++) {
      if (i > 0) {
        text.append(i == s.size() - 1 ? " and " : ", ");
      }
      text.append(phrase(s.get(i)));
    }
    return text.toString();
  }

  private static String size(Scene scene) {
    SceneShape a = bySize(scene).get(0);
    double share = a.width() * a.height() / ((double) scene.width() * scene.height());
    String adjective = share > 0.08 ? "large" : "small";
    int others = scene.shapes().size() - 1;
    String rest =
        others == 0
            ? " alone in the picture"
            : others == 1
                ? " and one other shape"
                : " and " + COUNT_WORDS[others] + " other shapes";
    return "a " + adjective + " " + a.color().word() + " " + a.noun() + rest;
  }

  private static String background(Scene scene) {
    int n = scene.shapes().size();
    return (n == 1 ? "one colored shape" : COUNT_WORDS[n] + " colored shapes")
        + " on a patterned background";
  }

  private static String comparison(Scene scene) {
    List<SceneShape> s = bySize(scene);
    if (s.size() == 1) {
      return "a single " + s.get(0).color().word() + " " + s.get(0).noun();
    }
    SceneShape big = s.get(0);
    SceneShape small = s.get(s.size() - 1);
    return "the "
        + big.color().word()
        + " "
        + big.noun()
        + " is bigger than the "
        + small.color().word()
        + " "
        + small.noun();
  }
}

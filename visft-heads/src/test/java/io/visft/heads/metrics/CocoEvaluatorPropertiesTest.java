package io.visft.heads.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoDetection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Internal consistency of the evaluator on random box scenes. */
class CocoEvaluatorPropertiesTest {

  @Test
  void orderOfDetectionsWithDistinctScoresDoesNotMatter() {
    qt().withExamples(150)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              Scenes scenes = new Scenes().category(1).category(2);
              List<CocoDetection> detections = new ArrayList<>();
              List<Double> scores = new ArrayList<>();
              for (int s = 0; s < 40; s++) {
                scores.add((s + 1) / 41.0);
              }
              Collections.shuffle(scores, random);
              int images = 1 + random.nextInt(3);
              for (long image = 1; image <= images; image++) {
                scenes.image(image, 200, 200);
                for (int g = 0; g < 1 + random.nextInt(5); g++) {
                  long category = 1 + random.nextInt(2);
                  double x = random.nextInt(150);
                  double y = random.nextInt(150);
                  double w = 2 + random.nextInt(120);
                  double h = 2 + random.nextInt(120);
                  if (random.nextInt(8) == 0) {
                    scenes.crowd(image, category, x, y, w, h);
                  } else {
                    scenes.box(image, category, x, y, w, h);
                  }
                  for (int d = 0; d < random.nextInt(3) && !scores.isEmpty(); d++) {
                    double jitter = 0.2 * (w + h) / 2;
                    detections.add(
                        Scenes.detection(
                            image,
                            category,
                            scores.remove(scores.size() - 1),
                            x + random.nextGaussian() * jitter,
                            y + random.nextGaussian() * jitter,
                            Math.max(1, w + random.nextGaussian() * jitter),
                            Math.max(1, h + random.nextGaussian() * jitter)));
                  }
                }
              }
              CocoDataset truth = scenes.build();
              CocoEvaluator evaluator = new CocoEvaluator(truth, IouType.BBOX);
              double[] stats = evaluator.evaluate(detections).stats();
              for (double value : stats) {
                assertTrue(value == -1 || (value >= 0 && value <= 1), "summary value " + value);
              }
              List<CocoDetection> shuffled = new ArrayList<>(detections);
              Collections.shuffle(shuffled, random);
              assertArrayEquals(stats, evaluator.evaluate(shuffled).stats());
            });
  }
}

package io.visft.heads.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoResultsReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with a NumPy port of the official COCOeval (not pycocotools itself, which cannot be
 * installed here) on random scenes with crowds, duplicates, ties, all area ranges and more than 100
 * detections in an image; regenerate with {@code tools/fixtures/cocoeval_reference.py}.
 */
class CocoEvaluatorFixtureTest {
  private static final double TOLERANCE = 1e-4;
  private static Path folder;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    Path file =
        Path.of(CocoEvaluatorFixtureTest.class.getResource("cocoeval_expected.json").toURI());
    folder = file.getParent();
    expected = new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void thresholdsEqualNumpyLinspaceBitForBit() {
    assertArrayEquals(doubles(expected.get("iouThrs")), EvalProtocol.IOU_THRESHOLDS);
    assertArrayEquals(doubles(expected.get("recThrs")), EvalProtocol.RECALL_THRESHOLDS);
  }

  @Test
  void boxEvaluationMatchesReference() {
    assertScenarios(IouType.BBOX);
  }

  @Test
  void maskEvaluationMatchesReference() {
    assertScenarios(IouType.SEGM);
  }

  private static void assertScenarios(IouType type) {
    assertEquals(2, expected.get("scenarios").size());
    for (JsonNode scenario : expected.get("scenarios")) {
      JsonNode files = scenario.get("files");
      CocoDataset truth = CocoDataset.read(folder.resolve(files.get("gt").asText()));
      CocoSummary summary =
          new CocoEvaluator(truth, type)
              .evaluate(
                  CocoResultsReader.read(folder.resolve(files.get(type.cocoName()).asText())));
      assertArrayEquals(
          doubles(scenario.get(type.cocoName())),
          summary.stats(),
          TOLERANCE,
          files.get("gt").asText() + " " + type.cocoName() + ": " + summary.toJson());
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }
}

package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code visft coco-eval} prints the 12 COCO numbers of the evaluator's reference fixtures. */
class CocoEvalCommandTest {
  static final Path DIR = Path.of("../visft-heads/src/test/resources/io/visft/heads/metrics");
  static final String[] KEYS = {
    "AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"
  };

  @ParameterizedTest
  @CsvSource({"0, bbox", "0, segm", "1, bbox", "1, segm"})
  void printsTheOfficialSummaryAsJson(int scenario, String type) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      assertEquals(
          0,
          VisftCommand.execute(
              "coco-eval",
              "--annotations",
              DIR.resolve("scenario" + scenario + "_gt.json").toString(),
              "--results",
              DIR.resolve("scenario" + scenario + "_" + type + "_results.json").toString(),
              "--type",
              type));
    } finally {
      System.setOut(old);
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode got = json.readTree(buf.toString());
    JsonNode expected =
        json.readTree(DIR.resolve("cocoeval_expected.json").toFile())
            .get("scenarios")
            .get(scenario)
            .get(type);
    for (int i = 0; i < KEYS.length; i++) {
      assertEquals(expected.get(i).asDouble(), got.get(KEYS[i]).asDouble(), 1e-4, KEYS[i]);
    }
  }
}

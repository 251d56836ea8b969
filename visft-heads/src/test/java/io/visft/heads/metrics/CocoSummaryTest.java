package io.visft.heads.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CocoSummaryTest {
  private static final CocoSummary SUMMARY =
      new CocoSummary(0.5, 0.75, 0.25, -1, 0.125, 1, 0.0625, 0.5, 0.625, -1, 0.75, 1);

  @Test
  void jsonHasTheTwelveOfficialKeys() {
    assertEquals(
        "{\"AP\":0.5,\"AP50\":0.75,\"AP75\":0.25,\"APs\":-1.0,\"APm\":0.125,\"APl\":1.0,"
            + "\"AR1\":0.0625,\"AR10\":0.5,\"AR100\":0.625,\"ARs\":-1.0,\"ARm\":0.75,\"ARl\":1.0}",
        SUMMARY.toJson());
  }

  @Test
  void reportHasTheOfficialLines() {
    String[] lines = SUMMARY.toReport().split("\\R");
    assertEquals(12, lines.length);
    assertEquals(
        " Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.500",
        lines[0]);
    assertEquals(
        " Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ] = 0.250",
        lines[2]);
    assertEquals(
        " Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ] = -1.000",
        lines[3]);
    assertEquals(
        " Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ] = 0.062",
        lines[6]);
    assertEquals(
        " Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 1.000",
        lines[11]);
  }
}

package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.heads.matching.DetectionMatchCost;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DetectionHeadConfigTest {

  @Test
  void theBuilderStartsFromThePapersHeadAndSetsEachFieldByName() {
    assertEquals(DetectionHeadConfig.visft(1408), DetectionHeadConfig.builder(1408).build());
    DetectionLossConfig loss =
        new DetectionLossConfig(1, 2, 3, 0.5, new DetectionMatchCost(1, 2, 3));
    DetectionHeadConfig c =
        DetectionHeadConfig.builder(8)
            .encoderDim(16)
            .decoderDim(32)
            .numHeads(4)
            .encoderLayers(1)
            .decoderLayers(2)
            .feedForwardDim(64)
            .numQueries(5)
            .numClasses(3)
            .dropout(0.2)
            .taskEmbeddings(4)
            .taskIndex(1)
            .loss(loss)
            .build();
    assertEquals(new DetectionHeadConfig(8, 16, 32, 4, 1, 2, 64, 5, 3, 0.2, 4, 1, loss), c);
    assertEquals(c, c.toBuilder().build());
    ConfigException e =
        assertThrows(ConfigException.class, () -> c.toBuilder().numHeads(3).build());
    assertTrue(e.getMessage().contains("numHeads = 3"), e.getMessage());
  }

  @Test
  void visftDefaultsAreThePapers() {
    DetectionHeadConfig c = DetectionHeadConfig.visft(1408);
    assertEquals(1408, c.featureDim());
    assertEquals(128, c.encoderDim());
    assertEquals(256, c.decoderDim());
    assertEquals(8, c.numHeads());
    assertEquals(6, c.encoderLayers());
    assertEquals(6, c.decoderLayers());
    assertEquals(1024, c.feedForwardDim());
    assertEquals(100, c.numQueries());
    assertEquals(91, c.numClasses());
    assertEquals(92, c.classSlots());
    assertEquals(91, c.noObjectClass());
    assertEquals(0.1, c.dropout());
    assertEquals(256, c.taskEmbeddings());
    assertEquals(0, c.taskIndex());
    assertEquals(64, c.positionFeaturesPerAxis());
    assertTrue(c.projectsToDecoder());
    assertEquals(DetectionLossConfig.detr(), c.loss());
    assertEquals(new DetectionLossConfig(1, 5, 2, 0.1, DetectionMatchCost.detr()), c.loss());
    assertEquals(0.0, c.withDropout(0).dropout());
  }

  @Test
  void equalWidthsNeedNoProjection() {
    DetectionHeadConfig c =
        new DetectionHeadConfig(8, 16, 16, 2, 1, 1, 32, 4, 3, 0, 2, 0, DetectionLossConfig.detr());
    assertFalse(c.projectsToDecoder());
  }

  @Test
  void invalidSizesAreRejectedNamingTheField() {
    assertRejected("encoderDim = 130", () -> sized(130, 256, 2, 0));
    assertRejected(
        "decoderDim = 250 is not divisible by numHeads = 8", () -> sized(128, 250, 8, 0));
    assertRejected(
        "encoderDim = 132 is not divisible by numHeads = 8", () -> sized(132, 256, 8, 0));
    assertRejected("taskIndex = 4", () -> sized(128, 256, 8, 4));
    assertRejected(
        "numQueries = 0",
        () ->
            new DetectionHeadConfig(
                8, 16, 32, 2, 1, 1, 32, 0, 3, 0, 4, 0, DetectionLossConfig.detr()));
    assertRejected("dropout = 1.0", () -> DetectionHeadConfig.visft(8).withDropout(1));
  }

  @Test
  void invalidLossWeightsAreRejectedNamingTheField() {
    assertRejected(
        "noObjectWeight = 0.0",
        () -> new DetectionLossConfig(1, 5, 2, 0, DetectionMatchCost.detr()));
    assertRejected(
        "bboxWeight = -1.0",
        () -> new DetectionLossConfig(1, -1, 2, 0.1, DetectionMatchCost.detr()));
    assertRejected("all 0", () -> new DetectionLossConfig(0, 0, 0, 0.1, DetectionMatchCost.detr()));
    assertRejected(
        "classWeight = NaN",
        () -> new DetectionLossConfig(Double.NaN, 5, 2, 0.1, DetectionMatchCost.detr()));
  }

  private static DetectionHeadConfig sized(int encoder, int decoder, int heads, int taskIndex) {
    return new DetectionHeadConfig(
        8, encoder, decoder, heads, 1, 1, 32, 4, 3, 0, 4, taskIndex, DetectionLossConfig.detr());
  }

  private static void assertRejected(String fragment, Supplier<?> build) {
    ConfigException e = assertThrows(ConfigException.class, build::get);
    assertTrue(
        e.getMessage().contains(fragment),
        "message should mention '" + fragment + "': " + e.getMessage());
  }
}

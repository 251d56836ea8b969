package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import org.junit.jupiter.api.Test;

class SegmentationHeadConfigTest {

  @Test
  void theBuilderStartsFromThePapersSizes() {
    assertEquals(SegmentationHeadConfig.visft(1408), SegmentationHeadConfig.builder(1408).build());
    assertEquals(
        new SegmentationHeadConfig(1408, 256, 8, 32, 6, 4, 512, 9, 1024, 100, 20, 256),
        SegmentationHeadConfig.builder(1408).classes(20).build());
  }

  @Test
  void everySetterSetsItsOwnField() {
    SegmentationHeadConfig c =
        SegmentationHeadConfig.builder(8)
            .dim(32)
            .heads(4)
            .groups(2)
            .encoderLayers(1)
            .encoderPoints(3)
            .encoderFfnDim(33)
            .decoderLayers(2)
            .decoderFfnDim(34)
            .queries(5)
            .classes(6)
            .maskDim(7)
            .build();
    assertEquals(new SegmentationHeadConfig(8, 32, 4, 2, 1, 3, 33, 2, 34, 5, 6, 7), c);
    assertEquals(c, c.toBuilder().build());
  }

  @Test
  void buildValidatesLikeTheRecord() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> SegmentationHeadConfig.builder(8).heads(7).build());
    assertTrue(e.getMessage().contains("heads = 7"), e.getMessage());
  }
}

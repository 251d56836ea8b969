package io.visft.heads.pipeline;

import io.visft.api.ConfigException;
import io.visft.heads.caption.CaptionHeadConfig;
import io.visft.heads.detection.DetectionHeadConfig;
import io.visft.heads.segmentation.SegmentationHeadConfig;
import io.visft.heads.segmentation.SegmentationLossConfig;
import java.util.Arrays;
import java.util.Locale;

/** The sizes of the three heads: the paper's, or the demo's small ones. */
public enum HeadSizes {
  /**
   * DESIGN sizes: caption 384-wide, DETR 128/256 with 6+6 layers and 100 queries, Mask2Former 256
   * with 9 layers.
   */
  VISFT,
  /**
   * The demo's: caption 64-wide, DETR 32/64 with 2+3 layers and 16 queries, Mask2Former 64 with 3
   * layers.
   */
  SMALL;

  /** Most objects per image the small heads' losses make room for. */
  private static final int SMALL_MAX_OBJECTS = 4;

  /** {@code visft} or {@code small}. */
  public static HeadSizes parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "heads.size = '"
              + name
              + "': expected one of "
              + Arrays.stream(values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList());
    }
  }

  /**
   * The captioning head for a backbone of {@code featureDim} channels and a {@code grid × grid}
   * map.
   */
  public CaptionHeadConfig caption(int featureDim, int vocabularySize, int grid) {
    return this == VISFT
        ? CaptionHeadConfig.visft(featureDim, vocabularySize, CaptionHeadConfig.COMMON_MAX_LENGTH)
        : CaptionHeadConfig.builder(featureDim, vocabularySize)
            .attentionDim(64)
            .embedDim(64)
            .hiddenDim(96)
            .maxLength(12)
            .pooledGrid(grid)
            .build();
  }

  /** The detection head with {@code classSlots} category-id slots (the largest id plus one). */
  public DetectionHeadConfig detection(int featureDim, int classSlots) {
    DetectionHeadConfig.Builder paper = DetectionHeadConfig.builder(featureDim);
    return this == VISFT
        ? paper.numClasses(Math.max(classSlots, DetectionHeadConfig.COCO_CLASS_SLOTS)).build()
        : paper
            .encoderDim(32)
            .decoderDim(64)
            .numHeads(4)
            .encoderLayers(2)
            .decoderLayers(3)
            .feedForwardDim(128)
            .numQueries(16)
            .numClasses(classSlots)
            .taskEmbeddings(4)
            .build();
  }

  /** The segmentation head for {@code classes} contiguous classes. */
  public SegmentationHeadConfig segmentation(int featureDim, int classes) {
    SegmentationHeadConfig.Builder paper =
        SegmentationHeadConfig.builder(featureDim).classes(classes);
    return this == VISFT
        ? paper.build()
        : paper
            .dim(64)
            .heads(4)
            .groups(8)
            .encoderLayers(1)
            .encoderFfnDim(128)
            .decoderLayers(3)
            .decoderFfnDim(128)
            .queries(16)
            .maskDim(32)
            .build();
  }

  /** The segmentation loss: the paper's points, or fewer for the small heads. */
  public SegmentationLossConfig segmentationLoss(int maxObjects) {
    return this == VISFT
        ? SegmentationLossConfig.visft(maxObjects)
        : SegmentationLossConfig.visft(Math.max(maxObjects, SMALL_MAX_OBJECTS))
            .withPoints(1024, 512);
  }
}

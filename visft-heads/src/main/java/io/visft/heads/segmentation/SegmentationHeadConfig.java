package io.visft.heads.segmentation;

import io.visft.api.ConfigException;

/**
 * Sizes of the Mask2Former-style instance-segmentation head run on one backbone scale.
 *
 * <p>The pixel decoder projects the backbone map {@code [batch, inChannels, h, w]} to {@code dim}
 * channels, refines it with {@code encoderLayers} single-level deformable-attention layers and
 * produces mask features {@code [batch, maskDim, h, w]}; the transformer decoder runs {@code
 * decoderLayers} masked-attention layers over {@code queries} learned queries and predicts {@code
 * classes + 1} logits (the last is "no object") and one mask per query.
 *
 * @param inChannels backbone channels {@code C}
 * @param dim model width of the pixel decoder and the transformer decoder (256 in the paper)
 * @param heads attention heads of both (8); must divide {@code dim}
 * @param groups GroupNorm groups (32); must divide {@code dim}
 * @param encoderLayers deformable encoder layers (6)
 * @param encoderPoints sampling points per head of the deformable attention (4)
 * @param encoderFfnDim hidden width of the encoder feed-forward layers (512)
 * @param decoderLayers masked-attention decoder layers (9); predictions come from the query
 *     initialisation and after every layer, {@code decoderLayers + 1} sets
 * @param decoderFfnDim hidden width of the decoder feed-forward layers (1024)
 * @param queries learned queries (100)
 * @param classes object classes without "no object" (80 for COCO)
 * @param maskDim channels of the mask features and of the mask embeddings (256)
 */
public record SegmentationHeadConfig(
    int inChannels,
    int dim,
    int heads,
    int groups,
    int encoderLayers,
    int encoderPoints,
    int encoderFfnDim,
    int decoderLayers,
    int decoderFfnDim,
    int queries,
    int classes,
    int maskDim) {

  public SegmentationHeadConfig {
    positive("inChannels", inChannels);
    positive("dim", dim);
    positive("heads", heads);
    positive("groups", groups);
    positive("encoderPoints", encoderPoints);
    positive("encoderFfnDim", encoderFfnDim);
    positive("decoderFfnDim", decoderFfnDim);
    positive("queries", queries);
    positive("classes", classes);
    positive("maskDim", maskDim);
    if (encoderLayers < 0 || decoderLayers < 0) {
      throw new ConfigException(
          "SegmentationHeadConfig.encoderLayers = "
              + encoderLayers
              + " and decoderLayers = "
              + decoderLayers
              + " must be >= 0; the paper uses 6 and 9");
    }
    if (dim % heads != 0 || dim % groups != 0) {
      throw new ConfigException(
          "SegmentationHeadConfig.dim = "
              + dim
              + " must be divisible by heads = "
              + heads
              + " and by groups = "
              + groups
              + "; choose a dim that is a multiple of both");
    }
  }

  /**
   * The ViSFT/Mask2Former sizes on a backbone with {@code inChannels} channels and COCO's 80
   * classes.
   */
  public static SegmentationHeadConfig visft(int inChannels) {
    return new SegmentationHeadConfig(inChannels, 256, 8, 32, 6, 4, 512, 9, 1024, 100, 80, 256);
  }

  /**
   * A builder starting from {@link #visft(int) the paper's sizes} on a backbone with {@code
   * inChannels} channels; set only what differs, e.g. {@code
   * SegmentationHeadConfig.builder(1408).classes(20).build()}.
   */
  public static Builder builder(int inChannels) {
    return visft(inChannels).toBuilder();
  }

  /** A builder holding this config's sizes. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Sets sizes by name; {@link #build()} validates them as the record does. Not thread-safe. */
  public static final class Builder {
    private int inChannels;
    private int dim;
    private int heads;
    private int groups;
    private int encoderLayers;
    private int encoderPoints;
    private int encoderFfnDim;
    private int decoderLayers;
    private int decoderFfnDim;
    private int queries;
    private int classes;
    private int maskDim;

    private Builder(SegmentationHeadConfig c) {
      inChannels = c.inChannels;
      dim = c.dim;
      heads = c.heads;
      groups = c.groups;
      encoderLayers = c.encoderLayers;
      encoderPoints = c.encoderPoints;
      encoderFfnDim = c.encoderFfnDim;
      decoderLayers = c.decoderLayers;
      decoderFfnDim = c.decoderFfnDim;
      queries = c.queries;
      classes = c.classes;
      maskDim = c.maskDim;
    }

    /** See {@link SegmentationHeadConfig#dim()}. */
    public Builder dim(int value) {
      dim = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#heads()}. */
    public Builder heads(int value) {
      heads = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#groups()}. */
    public Builder groups(int value) {
      groups = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#encoderLayers()}. */
    public Builder encoderLayers(int value) {
      encoderLayers = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#encoderPoints()}. */
    public Builder encoderPoints(int value) {
      encoderPoints = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#encoderFfnDim()}. */
    public Builder encoderFfnDim(int value) {
      encoderFfnDim = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#decoderLayers()}. */
    public Builder decoderLayers(int value) {
      decoderLayers = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#decoderFfnDim()}. */
    public Builder decoderFfnDim(int value) {
      decoderFfnDim = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#queries()}. */
    public Builder queries(int value) {
      queries = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#classes()}. */
    public Builder classes(int value) {
      classes = value;
      return this;
    }

    /** See {@link SegmentationHeadConfig#maskDim()}. */
    public Builder maskDim(int value) {
      maskDim = value;
      return this;
    }

    /**
     * The config.
     *
     * @throws ConfigException naming the first invalid field
     */
    public SegmentationHeadConfig build() {
      return new SegmentationHeadConfig(
          inChannels,
          dim,
          heads,
          groups,
          encoderLayers,
          encoderPoints,
          encoderFfnDim,
          decoderLayers,
          decoderFfnDim,
          queries,
          classes,
          maskDim);
    }
  }

  /** Channels per attention head. */
  public int headDim() {
    return dim / heads;
  }

  /**
   * Number of prediction sets: one from the query initialisation and one after every decoder layer.
   */
  public int predictionSets() {
    return decoderLayers + 1;
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new ConfigException(
          "SegmentationHeadConfig."
              + field
              + " = "
              + value
              + " must be > 0; start from"
              + " SegmentationHeadConfig.visft(inChannels) and change one field");
    }
  }
}

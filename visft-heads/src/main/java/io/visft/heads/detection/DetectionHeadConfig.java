package io.visft.heads.detection;

import io.visft.api.ConfigException;
import java.util.Objects;

/**
 * Sizes and loss settings of the ViSFT detection head: DETR with a task token (DESIGN.md §1).
 *
 * <p>The backbone map {@code [batch, featureDim, h, w]} is projected to {@code encoderDim} by a 1×1
 * convolution and encoded by {@code encoderLayers} post-norm layers (with the learned task token,
 * row {@code taskIndex} of a {@code taskEmbeddings × encoderDim} table, prepended); the memory and
 * the sine position encoding are projected to {@code decoderDim}, and {@code decoderLayers}
 * post-norm layers decode {@code numQueries} learned queries into {@link #classSlots()} = {@code
 * numClasses + 1} class logits (the last slot is "no object") and a box.
 *
 * @param featureDim channels {@code C} of the backbone map (1408 for EVA-ViT-G, 1792 for EVA-E)
 * @param encoderDim encoder width, 128; a multiple of 4 (the sine encoding gives each axis half of
 *     it, in sine/cosine pairs) and of {@code numHeads}
 * @param decoderDim decoder width, 256; a multiple of {@code numHeads}
 * @param numHeads attention heads of every attention layer, 8
 * @param encoderLayers encoder layers, 6
 * @param decoderLayers decoder layers, 6; every layer's output is predicted from and trained
 * @param feedForwardDim hidden width of every feed-forward block, 1024
 * @param numQueries learned object queries, 100
 * @param numClasses class id slots without no-object, 91 for COCO (ids 1..90 plus unused slots)
 * @param dropout drop probability of every dropout site (attention weights, residual branches,
 *     feed-forward hidden layer), 0.1; in [0, 1)
 * @param taskEmbeddings rows of the task token table, 256 ({@code MAX_TASK_NUM} of the release)
 * @param taskIndex the row used for detection, 0; in {@code [0, taskEmbeddings)}
 * @param loss loss and matching weights, {@link DetectionLossConfig#detr()}
 */
public record DetectionHeadConfig(
    int featureDim,
    int encoderDim,
    int decoderDim,
    int numHeads,
    int encoderLayers,
    int decoderLayers,
    int feedForwardDim,
    int numQueries,
    int numClasses,
    double dropout,
    int taskEmbeddings,
    int taskIndex,
    DetectionLossConfig loss) {

  /** Encoder width of the ViSFT head. */
  public static final int VISFT_ENCODER_DIM = 128;

  /** Decoder width of the ViSFT head. */
  public static final int VISFT_DECODER_DIM = 256;

  /** COCO class id slots of the ViSFT head (category ids 1..90 index them directly). */
  public static final int COCO_CLASS_SLOTS = 91;

  public DetectionHeadConfig {
    positive("featureDim", featureDim, "the backbone width, e.g. 1408 for EVA-ViT-G");
    positive("encoderDim", encoderDim, "ViSFT uses " + VISFT_ENCODER_DIM);
    positive("decoderDim", decoderDim, "ViSFT uses " + VISFT_DECODER_DIM);
    positive("numHeads", numHeads, "ViSFT uses 8");
    positive("encoderLayers", encoderLayers, "ViSFT uses 6");
    positive("decoderLayers", decoderLayers, "ViSFT uses 6");
    positive("feedForwardDim", feedForwardDim, "ViSFT uses 1024");
    positive("numQueries", numQueries, "ViSFT uses 100");
    positive("numClasses", numClasses, "ViSFT uses " + COCO_CLASS_SLOTS + " for COCO");
    positive("taskEmbeddings", taskEmbeddings, "ViSFT uses 256");
    if (encoderDim % 4 != 0) {
      throw new ConfigException(
          String.format(
              "DetectionHeadConfig.encoderDim = %d: must be a multiple of 4, since the sine"
                  + " position encoding gives each axis encoderDim / 2 features in sine/cosine"
                  + " pairs; ViSFT uses %d",
              encoderDim, VISFT_ENCODER_DIM));
    }
    divisible("encoderDim", encoderDim, numHeads);
    divisible("decoderDim", decoderDim, numHeads);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ConfigException(
          "DetectionHeadConfig.dropout = " + dropout + ": must be in [0, 1); ViSFT uses 0.1");
    }
    if (taskIndex < 0 || taskIndex >= taskEmbeddings) {
      throw new ConfigException(
          String.format(
              "DetectionHeadConfig.taskIndex = %d: must be in [0, taskEmbeddings = %d); ViSFT"
                  + " uses 0 for detection",
              taskIndex, taskEmbeddings));
    }
    Objects.requireNonNull(loss, "loss; use DetectionLossConfig.detr()");
  }

  /**
   * The ViSFT head: encoder 6 × 128, decoder 6 × 256, 8 heads, feed-forward 1024, 100 queries, 91
   * COCO class slots, dropout 0.1, task token row 0 of 256, DETR's loss and matching weights.
   *
   * @param featureDim the backbone width (1408 for EVA-ViT-G, 1792 for EVA-ViT-E)
   */
  public static DetectionHeadConfig visft(int featureDim) {
    return new DetectionHeadConfig(
        featureDim,
        VISFT_ENCODER_DIM,
        VISFT_DECODER_DIM,
        8,
        6,
        6,
        1024,
        100,
        COCO_CLASS_SLOTS,
        0.1,
        256,
        0,
        DetectionLossConfig.detr());
  }

  /**
   * A builder starting from {@link #visft(int) the paper's head} on a backbone of {@code
   * featureDim} channels; set only what differs, e.g. {@code
   * DetectionHeadConfig.builder(1408).numQueries(50).build()}.
   */
  public static Builder builder(int featureDim) {
    return visft(featureDim).toBuilder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets sizes and loss settings by name; {@link #build()} validates them as the record does. Not
   * thread-safe.
   */
  public static final class Builder {
    private final int featureDim;
    private int encoderDim;
    private int decoderDim;
    private int numHeads;
    private int encoderLayers;
    private int decoderLayers;
    private int feedForwardDim;
    private int numQueries;
    private int numClasses;
    private double dropout;
    private int taskEmbeddings;
    private int taskIndex;
    private DetectionLossConfig loss;

    private Builder(DetectionHeadConfig c) {
      featureDim = c.featureDim;
      encoderDim = c.encoderDim;
      decoderDim = c.decoderDim;
      numHeads = c.numHeads;
      encoderLayers = c.encoderLayers;
      decoderLayers = c.decoderLayers;
      feedForwardDim = c.feedForwardDim;
      numQueries = c.numQueries;
      numClasses = c.numClasses;
      dropout = c.dropout;
      taskEmbeddings = c.taskEmbeddings;
      taskIndex = c.taskIndex;
      loss = c.loss;
    }

    /** See {@link DetectionHeadConfig#encoderDim()}. */
    public Builder encoderDim(int value) {
      encoderDim = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#decoderDim()}. */
    public Builder decoderDim(int value) {
      decoderDim = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#numHeads()}. */
    public Builder numHeads(int value) {
      numHeads = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#encoderLayers()}. */
    public Builder encoderLayers(int value) {
      encoderLayers = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#decoderLayers()}. */
    public Builder decoderLayers(int value) {
      decoderLayers = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#feedForwardDim()}. */
    public Builder feedForwardDim(int value) {
      feedForwardDim = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#numQueries()}. */
    public Builder numQueries(int value) {
      numQueries = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#numClasses()}. */
    public Builder numClasses(int value) {
      numClasses = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#dropout()}. */
    public Builder dropout(double value) {
      dropout = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#taskEmbeddings()}. */
    public Builder taskEmbeddings(int value) {
      taskEmbeddings = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#taskIndex()}. */
    public Builder taskIndex(int value) {
      taskIndex = value;
      return this;
    }

    /** See {@link DetectionHeadConfig#loss()}. */
    public Builder loss(DetectionLossConfig value) {
      loss = Objects.requireNonNull(value, "loss");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws ConfigException naming the first invalid field
     */
    public DetectionHeadConfig build() {
      return new DetectionHeadConfig(
          featureDim,
          encoderDim,
          decoderDim,
          numHeads,
          encoderLayers,
          decoderLayers,
          feedForwardDim,
          numQueries,
          numClasses,
          dropout,
          taskEmbeddings,
          taskIndex,
          loss);
    }
  }

  /** This configuration with another dropout probability (0 for parity checks). */
  public DetectionHeadConfig withDropout(double p) {
    return toBuilder().dropout(p).build();
  }

  /** Class logits per query: {@code numClasses + 1}, the last being "no object". */
  public int classSlots() {
    return numClasses + 1;
  }

  /** The class index meaning "no object": {@code numClasses}. */
  public int noObjectClass() {
    return numClasses;
  }

  /** Sine position features per axis: {@code encoderDim / 2} (64 in ViSFT). */
  public int positionFeaturesPerAxis() {
    return encoderDim / 2;
  }

  /**
   * Whether memory and positions are projected from the encoder to the decoder width; when the
   * widths are equal the release uses identities and has no projection parameters.
   */
  public boolean projectsToDecoder() {
    return encoderDim != decoderDim;
  }

  private static void positive(String field, int value, String hint) {
    if (value < 1) {
      throw new ConfigException(
          String.format("DetectionHeadConfig.%s = %d: must be at least 1; %s", field, value, hint));
    }
  }

  private static void divisible(String field, int value, int heads) {
    if (value % heads != 0) {
      throw new ConfigException(
          String.format(
              "DetectionHeadConfig.%s = %d is not divisible by numHeads = %d; choose a width"
                  + " that splits evenly across the heads",
              field, value, heads));
    }
  }
}

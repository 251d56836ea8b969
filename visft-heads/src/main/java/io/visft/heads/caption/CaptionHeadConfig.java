package io.visft.heads.caption;

import io.visft.api.ConfigException;

/**
 * Sizes and loss settings of the Show-Attend-Tell captioning head.
 *
 * <p>The backbone map {@code [batch, featureDim, h, w]} is average-pooled to {@code pooledGrid ×
 * pooledGrid} positions; a caption of at most {@code maxLength} words is decoded in {@link
 * #decodeSteps()} = {@code maxLength + 1} LSTM steps (the words, then {@code <end>}), fed from
 * {@link #tokenWidth()} = {@code maxLength + 2} token ids ({@code <start>}, the words, {@code
 * <end>}, padding), the layout of {@link CaptionCodec} with {@code maxWords = maxLength}.
 *
 * @param featureDim channels {@code C} of the backbone map, the encoder dimension
 * @param attentionDim width of the additive attention, 384 in ViSFT
 * @param embedDim word embedding width, 384 in ViSFT
 * @param hiddenDim LSTM hidden and cell width, 384 in ViSFT
 * @param vocabSize output classes, the {@link Vocabulary#size()} specials included
 * @param maxLength most words per caption, not counting {@code <start>} and {@code <end>}
 * @param pooledGrid side of the pooled grid, 14 in ViSFT (196 positions)
 * @param dropout drop probability on the hidden state before the vocabulary projection, in [0, 1)
 * @param alphaC weight of the doubly stochastic attention regulariser, 1.0 in ViSFT
 */
public record CaptionHeadConfig(
    int featureDim,
    int attentionDim,
    int embedDim,
    int hiddenDim,
    int vocabSize,
    int maxLength,
    int pooledGrid,
    double dropout,
    double alphaC) {

  /** Attention, embedding and hidden width of the ViSFT head. */
  public static final int VISFT_WIDTH = 384;

  /** Pooled grid side of the ViSFT head. */
  public static final int VISFT_POOLED_GRID = 14;

  /**
   * Caption length limit of the widely used COCO preprocessing for Show-Attend-Tell, which drops
   * captions of more than 50 words.
   */
  public static final int COMMON_MAX_LENGTH = 50;

  public CaptionHeadConfig {
    positive("featureDim", featureDim, "the backbone width, e.g. 1408 for EVA-ViT-G");
    positive("attentionDim", attentionDim, "ViSFT uses " + VISFT_WIDTH);
    positive("embedDim", embedDim, "ViSFT uses " + VISFT_WIDTH);
    positive("hiddenDim", hiddenDim, "ViSFT uses " + VISFT_WIDTH);
    if (vocabSize <= Vocabulary.END_ID) {
      throw new ConfigException(
          String.format(
              "CaptionHeadConfig.vocabSize = %d: must exceed %d, the four special tokens; use"
                  + " Vocabulary.size()",
              vocabSize, Vocabulary.END_ID));
    }
    positive("maxLength", maxLength, "COCO preprocessing commonly uses " + COMMON_MAX_LENGTH);
    positive("pooledGrid", pooledGrid, "ViSFT uses " + VISFT_POOLED_GRID);
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ConfigException(
          "CaptionHeadConfig.dropout = " + dropout + ": must be in [0, 1); ViSFT uses 0.5");
    }
    if (!(alphaC >= 0) || Double.isInfinite(alphaC)) {
      throw new ConfigException(
          "CaptionHeadConfig.alphaC = "
              + alphaC
              + ": must be a finite number >= 0; ViSFT uses 1.0");
    }
  }

  /**
   * The ViSFT head: attention, embedding and hidden width 384, a 14×14 pooled grid, dropout 0.5 and
   * regulariser weight 1.0.
   *
   * @param featureDim the backbone width (1408 for EVA-ViT-G, 1792 for EVA-ViT-E)
   * @param vocabSize {@link Vocabulary#size()} of the training vocabulary
   * @param maxLength most words per caption ({@link #COMMON_MAX_LENGTH} in the usual preprocessing)
   */
  public static CaptionHeadConfig visft(int featureDim, int vocabSize, int maxLength) {
    return new CaptionHeadConfig(
        featureDim,
        VISFT_WIDTH,
        VISFT_WIDTH,
        VISFT_WIDTH,
        vocabSize,
        maxLength,
        VISFT_POOLED_GRID,
        0.5,
        1.0);
  }

  /**
   * A builder starting from {@link #visft the paper's head} with {@link #COMMON_MAX_LENGTH}; set
   * only what differs, e.g. {@code CaptionHeadConfig.builder(1408, vocabulary.size()).maxLength(20)
   * .build()}.
   *
   * @param featureDim the backbone width (1408 for EVA-ViT-G, 1792 for EVA-ViT-E)
   * @param vocabSize {@link Vocabulary#size()} of the training vocabulary
   */
  public static Builder builder(int featureDim, int vocabSize) {
    return visft(featureDim, vocabSize, COMMON_MAX_LENGTH).toBuilder();
  }

  /** A builder holding this config's settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This configuration with another dropout probability (0 for parity checks). */
  public CaptionHeadConfig withDropout(double p) {
    return toBuilder().dropout(p).build();
  }

  /** Number of attended positions, {@code pooledGrid²}. */
  public int positions() {
    return pooledGrid * pooledGrid;
  }

  /** LSTM steps unrolled for teacher forcing and the decoding limit: {@code maxLength + 1}. */
  public int decodeSteps() {
    return maxLength + 1;
  }

  /** Width of a caption's token ids: {@code maxLength + 2}. */
  public int tokenWidth() {
    return maxLength + 2;
  }

  /** The codec whose encoded captions fit this head ({@code maxWords = maxLength}). */
  public CaptionCodec codec(Vocabulary vocabulary, LengthPolicy policy) {
    if (vocabulary.size() != vocabSize) {
      throw new ConfigException(
          String.format(
              "the vocabulary has %d tokens but CaptionHeadConfig.vocabSize = %d; build the"
                  + " config with vocabSize = vocabulary.size()",
              vocabulary.size(), vocabSize));
    }
    return new CaptionCodec(vocabulary, maxLength, policy);
  }

  /** Sets sizes by name; {@link #build()} validates them as the record does. Not thread-safe. */
  public static final class Builder {
    private final int featureDim;
    private final int vocabSize;
    private int attentionDim;
    private int embedDim;
    private int hiddenDim;
    private int maxLength;
    private int pooledGrid;
    private double dropout;
    private double alphaC;

    private Builder(CaptionHeadConfig c) {
      featureDim = c.featureDim;
      vocabSize = c.vocabSize;
      attentionDim = c.attentionDim;
      embedDim = c.embedDim;
      hiddenDim = c.hiddenDim;
      maxLength = c.maxLength;
      pooledGrid = c.pooledGrid;
      dropout = c.dropout;
      alphaC = c.alphaC;
    }

    /** See {@link CaptionHeadConfig#attentionDim()}. */
    public Builder attentionDim(int value) {
      attentionDim = value;
      return this;
    }

    /** See {@link CaptionHeadConfig#embedDim()}. */
    public Builder embedDim(int value) {
      embedDim = value;
      return this;
    }

    /** See {@link CaptionHeadConfig#hiddenDim()}. */
    public Builder hiddenDim(int value) {
      hiddenDim = value;
      return this;
    }

    /** See {@link CaptionHeadConfig#maxLength()}. */
    public Builder maxLength(int value) {
      maxLength = value;
      return this;
    }

    /** See {@link CaptionHeadConfig#pooledGrid()}. */
    public Builder pooledGrid(int value) {
      pooledGrid = value;
      return this;
    }

    /** See {@link CaptionHeadConfig#dropout()}. */
    public Builder dropout(double value) {
      dropout = value;
      return this;
    }

    /** See {@link CaptionHeadConfig#alphaC()}. */
    public Builder alphaC(double value) {
      alphaC = value;
      return this;
    }

    /**
     * The config.
     *
     * @throws ConfigException naming the field that is out of range
     */
    public CaptionHeadConfig build() {
      return new CaptionHeadConfig(
          featureDim,
          attentionDim,
          embedDim,
          hiddenDim,
          vocabSize,
          maxLength,
          pooledGrid,
          dropout,
          alphaC);
    }
  }

  private static void positive(String field, int value, String hint) {
    if (value < 1) {
      throw new ConfigException(
          String.format("CaptionHeadConfig.%s = %d: must be at least 1; %s", field, value, hint));
    }
  }
}

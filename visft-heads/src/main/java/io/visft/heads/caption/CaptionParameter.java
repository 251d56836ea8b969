package io.visft.heads.caption;

import io.visft.api.HostTensor;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The parameters of the captioning head: checkpoint name, shape and initialisation, in the order
 * and with the module names of the widely used Show-Attend-Tell PyTorch decoder, under {@link
 * #PREFIX}. Shapes use {@code C} = featureDim, {@code A} = attentionDim, {@code E} = embedDim,
 * {@code H} = hiddenDim, {@code V} = vocabSize; linear weights are {@code [out, in]}.
 *
 * <p>Initialisation follows that decoder: the embedding and the {@code fc} weight uniform in [-0.1,
 * 0.1], the {@code fc} bias zero, every other linear layer PyTorch's {@code nn.Linear} default
 * (weight and bias uniform in ±1/√fan_in), the LSTM cell PyTorch's {@code nn.LSTMCell} default (all
 * uniform in ±1/√H). The distributions match PyTorch; the draws do not.
 */
public enum CaptionParameter {
  /** {@code [A, C]}. */
  ENCODER_ATT_WEIGHT(
      "attention.encoder_att.weight",
      c -> dims(c.attentionDim(), c.featureDim()),
      c -> fanIn(c.featureDim())),
  /** {@code [A]}. */
  ENCODER_ATT_BIAS(
      "attention.encoder_att.bias", c -> dims(c.attentionDim()), c -> fanIn(c.featureDim())),
  /** {@code [A, H]}. */
  DECODER_ATT_WEIGHT(
      "attention.decoder_att.weight",
      c -> dims(c.attentionDim(), c.hiddenDim()),
      c -> fanIn(c.hiddenDim())),
  /** {@code [A]}. */
  DECODER_ATT_BIAS(
      "attention.decoder_att.bias", c -> dims(c.attentionDim()), c -> fanIn(c.hiddenDim())),
  /** {@code [1, A]}. */
  FULL_ATT_WEIGHT(
      "attention.full_att.weight", c -> dims(1, c.attentionDim()), c -> fanIn(c.attentionDim())),
  /** {@code [1]}. */
  FULL_ATT_BIAS("attention.full_att.bias", c -> dims(1), c -> fanIn(c.attentionDim())),
  /** {@code [V, E]}. */
  EMBEDDING("embedding.weight", c -> dims(c.vocabSize(), c.embedDim()), c -> 0.1),
  /** {@code [4H, E + C]}, gate rows in the order input, forget, cell, output. */
  LSTM_WEIGHT_IH(
      "decode_step.weight_ih",
      c -> dims(4 * c.hiddenDim(), c.embedDim() + c.featureDim()),
      c -> fanIn(c.hiddenDim())),
  /** {@code [4H, H]}. */
  LSTM_WEIGHT_HH(
      "decode_step.weight_hh",
      c -> dims(4 * c.hiddenDim(), c.hiddenDim()),
      c -> fanIn(c.hiddenDim())),
  /** {@code [4H]}. */
  LSTM_BIAS_IH("decode_step.bias_ih", c -> dims(4 * c.hiddenDim()), c -> fanIn(c.hiddenDim())),
  /** {@code [4H]}. */
  LSTM_BIAS_HH("decode_step.bias_hh", c -> dims(4 * c.hiddenDim()), c -> fanIn(c.hiddenDim())),
  /** {@code [H, C]}. */
  INIT_H_WEIGHT(
      "init_h.weight", c -> dims(c.hiddenDim(), c.featureDim()), c -> fanIn(c.featureDim())),
  /** {@code [H]}. */
  INIT_H_BIAS("init_h.bias", c -> dims(c.hiddenDim()), c -> fanIn(c.featureDim())),
  /** {@code [H, C]}. */
  INIT_C_WEIGHT(
      "init_c.weight", c -> dims(c.hiddenDim(), c.featureDim()), c -> fanIn(c.featureDim())),
  /** {@code [H]}. */
  INIT_C_BIAS("init_c.bias", c -> dims(c.hiddenDim()), c -> fanIn(c.featureDim())),
  /** {@code [C, H]}. */
  F_BETA_WEIGHT(
      "f_beta.weight", c -> dims(c.featureDim(), c.hiddenDim()), c -> fanIn(c.hiddenDim())),
  /** {@code [C]}. */
  F_BETA_BIAS("f_beta.bias", c -> dims(c.featureDim()), c -> fanIn(c.hiddenDim())),
  /** {@code [V, H]}. */
  FC_WEIGHT("fc.weight", c -> dims(c.vocabSize(), c.hiddenDim()), c -> 0.1),
  /** {@code [V]}. */
  FC_BIAS("fc.bias", c -> dims(c.vocabSize()), c -> 0.0);

  /** Prefix of every caption head parameter in ViSFT checkpoints. */
  public static final String PREFIX = "visft_heads.caption_decoder.";

  private final String module;
  private final Function<CaptionHeadConfig, long[]> shape;
  private final ToDoubleFunction<CaptionHeadConfig> initBound;

  CaptionParameter(
      String module,
      Function<CaptionHeadConfig, long[]> shape,
      ToDoubleFunction<CaptionHeadConfig> initBound) {
    this.module = module;
    this.shape = shape;
    this.initBound = initBound;
  }

  /** The name inside the decoder module, e.g. {@code attention.encoder_att.weight}. */
  public String module() {
    return module;
  }

  /** The checkpoint name, e.g. {@code visft_heads.caption_decoder.attention.encoder_att.weight}. */
  public String checkpointName() {
    return PREFIX + module;
  }

  /** The shape under {@code config}. */
  public long[] shape(CaptionHeadConfig config) {
    return shape.apply(config);
  }

  /** A freshly initialised F32 tensor; draws from {@code random}. */
  HostTensor initialise(CaptionHeadConfig config, SplittableRandom random) {
    long[] dims = shape(config);
    double bound = initBound.applyAsDouble(config);
    float[] values = new float[Math.toIntExact(HostTensor.numel(dims))];
    for (int i = 0; i < values.length; i++) {
      values[i] = bound == 0 ? 0f : (float) random.nextDouble(-bound, bound);
    }
    return HostTensor.ofFloats(values, dims);
  }

  private static long[] dims(long... d) {
    return d;
  }

  /** PyTorch's default bound for a layer with {@code n} inputs (or an LSTM of hidden size n). */
  private static double fanIn(int n) {
    return 1 / Math.sqrt(n);
  }
}

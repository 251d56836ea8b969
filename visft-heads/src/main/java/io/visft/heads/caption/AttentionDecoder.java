package io.visft.heads.caption;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Linear;
import java.util.List;
import java.util.Map;

/**
 * The Show-Attend-Tell computations as graph builders, shared by the teacher-forced training graph
 * and the one-step inference graph. Shapes: {@code N} rows (captions or beams), {@code P}
 * positions, {@code C} features, {@code A} attention, {@code E} embedding, {@code H} hidden, {@code
 * V} vocabulary. Not thread-safe (it adds nodes to one graph).
 */
final class AttentionDecoder {

  /** Encoder output: the pooled positions and their attention projection, computed once. */
  record Encoded(Value positions, Value keys) {}

  /** LSTM hidden and cell state, {@code [N, H]} each. */
  record State(Value hidden, Value cell) {}

  /** One decoding step: the next state and the attention weights {@code [N, P]} it used. */
  record Step(State state, Value alpha) {}

  private final Ops o;
  private final CaptionHeadConfig config;
  private final Map<CaptionParameter, Value> params;

  AttentionDecoder(Ops o, CaptionHeadConfig config, Map<CaptionParameter, Value> params) {
    this.o = o;
    this.config = config;
    this.params = params;
  }

  /**
   * Pools {@code features [N, C, h, w]} to the grid and projects the positions for attention.
   *
   * @return positions {@code [N, P, C]} (row-major over the grid) and keys {@code [N, P, A]}
   */
  Encoded encode(Value features) {
    long n = features.dim(0);
    long c = config.featureDim();
    long p = config.positions();
    Value pooled = AdaptiveAveragePooling.apply(o, features, config.pooledGrid());
    Value positions = o.transpose(o.reshape(pooled, n, c, p), 0, 2, 1);
    Value keys =
        linear(
            o.reshape(positions, n * p, c),
            CaptionParameter.ENCODER_ATT_WEIGHT,
            CaptionParameter.ENCODER_ATT_BIAS);
    return new Encoded(positions, o.reshape(keys, n, p, config.attentionDim()));
  }

  /** {@code h0 = init_h(mean)}, {@code c0 = init_c(mean)} of the mean position {@code [N, C]}. */
  State initialState(Encoded encoded) {
    Value mean = o.reduceMean(encoded.positions(), false, 1);
    return new State(
        linear(mean, CaptionParameter.INIT_H_WEIGHT, CaptionParameter.INIT_H_BIAS),
        linear(mean, CaptionParameter.INIT_C_WEIGHT, CaptionParameter.INIT_C_BIAS));
  }

  /** Embedding rows of I64 {@code tokens} of any shape: {@code [..., E]}. */
  Value embed(Value tokens) {
    return o.gather(params.get(CaptionParameter.EMBEDDING), tokens, 0);
  }

  /**
   * Attends with the current hidden state, gates the context with {@code sigmoid(f_beta(h))} and
   * advances the LSTM cell on {@code [word, context]}.
   *
   * @param word embedded input token {@code [N, E]}
   */
  Step step(Encoded encoded, State state, Value word) {
    long n = word.dim(0);
    long p = config.positions();
    long a = config.attentionDim();
    Value query =
        linear(
            state.hidden(), CaptionParameter.DECODER_ATT_WEIGHT, CaptionParameter.DECODER_ATT_BIAS);
    Value energy = o.relu(o.add(encoded.keys(), o.unsqueeze(query, 1)));
    Value scores =
        linear(
            o.reshape(energy, n * p, a),
            CaptionParameter.FULL_ATT_WEIGHT,
            CaptionParameter.FULL_ATT_BIAS);
    Value alpha = o.softmax(o.reshape(scores, n, p), 1);
    Value context =
        o.reshape(o.matmul(o.unsqueeze(alpha, 1), encoded.positions()), n, config.featureDim());
    Value gate =
        o.sigmoid(
            linear(state.hidden(), CaptionParameter.F_BETA_WEIGHT, CaptionParameter.F_BETA_BIAS));
    Value input = o.concat(1, word, o.mul(gate, context));
    return new Step(lstmCell(input, state), alpha);
  }

  /** Vocabulary logits {@code [N, V]} of hidden states {@code [N, H]}. */
  Value vocabularyLogits(Value hidden) {
    return linear(hidden, CaptionParameter.FC_WEIGHT, CaptionParameter.FC_BIAS);
  }

  /** PyTorch's LSTMCell: gates i, f, g, o from {@code x W_ihᵀ + b_ih + h W_hhᵀ + b_hh}. */
  private State lstmCell(Value input, State state) {
    Value gates =
        o.add(
            linear(input, CaptionParameter.LSTM_WEIGHT_IH, CaptionParameter.LSTM_BIAS_IH),
            linear(state.hidden(), CaptionParameter.LSTM_WEIGHT_HH, CaptionParameter.LSTM_BIAS_HH));
    long h = config.hiddenDim();
    List<Value> split = o.split(gates, 1, h, h, h, h);
    Value inputGate = o.sigmoid(split.get(0));
    Value forgetGate = o.sigmoid(split.get(1));
    Value candidate = o.tanh(split.get(2));
    Value outputGate = o.sigmoid(split.get(3));
    Value cell = o.add(o.mul(forgetGate, state.cell()), o.mul(inputGate, candidate));
    return new State(o.mul(outputGate, o.tanh(cell)), cell);
  }

  /** {@code x Wᵀ + b} for {@code x [N, in]}. */
  private Value linear(Value x, CaptionParameter weight, CaptionParameter bias) {
    return Linear.apply(o, x, params.get(weight), params.get(bias));
  }
}

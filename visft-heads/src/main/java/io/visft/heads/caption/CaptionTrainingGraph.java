package io.visft.heads.caption;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.nn.Dropout;
import io.visft.heads.HeadParameterMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The teacher-forced training loss of a {@link CaptionHead}, built into a caller's graph (after the
 * backbone, whose features it consumes).
 *
 * <p>The decoder is unrolled over {@code T} = {@link CaptionHeadConfig#decodeSteps()} steps for
 * every caption. Step {@code t} is fed token {@code t} and predicts token {@code t + 1}; a caption
 * of length {@code L} (its {@link EncodedCaption#length()}, {@code <start>} and {@code <end>}
 * included) has {@code L − 1} real steps and its later steps are masked out, which gives exactly
 * the loss of the reference's {@code pack_padded_sequence}:
 *
 * <pre>
 * loss = Σ_real −log softmax(fc(dropout(h_t)))[token_{t+1}] / #real
 *      + alphaC · mean_{captions, positions} (1 − Σ_{real t} α_t)²
 * </pre>
 *
 * (the regulariser as {@code alpha_c * ((1 - alphas.sum(dim=1)) ** 2).mean()} of the common
 * Show-Attend-Tell code, where {@code alphas} is zero past a caption's length). That {@code mean()}
 * runs over captions <em>and</em> positions: per caption it is the sum over positions divided by
 * {@code P}, so it is {@code P} times smaller than the paper's {@code λ Σ_positions} form.
 *
 * @param loss scalar F32
 * @param parameterInputs checkpoint name → graph input of each head parameter in {@link
 *     HeadParameterMode#TRAINABLE_INPUTS} mode (for {@code TrainingSession.create}); empty with
 *     frozen weights
 * @param metrics scalars {@link #CROSS_ENTROPY}, {@link #ATTENTION_REGULARISER} and {@link
 *     #TOKEN_ACCURACY} (top-1 over real tokens, ties with the target count as correct)
 */
public record CaptionTrainingGraph(
    Value loss, Map<String, Value> parameterInputs, Map<String, Value> metrics) {

  /** Metric name of the token cross-entropy (mean over real tokens). */
  public static final String CROSS_ENTROPY = "cross_entropy";

  /** Metric name of the unweighted doubly stochastic attention regulariser. */
  public static final String ATTENTION_REGULARISER = "attention_regulariser";

  /** Metric name of the top-1 token accuracy over real tokens. */
  public static final String TOKEN_ACCURACY = "token_accuracy";

  /** Distinguishes this head's dropout mask from other dropout sites sharing the seed. */
  private static final long DROPOUT_SALT = 0xCA7;

  public CaptionTrainingGraph {
    Objects.requireNonNull(loss, "loss");
    parameterInputs = Collections.unmodifiableMap(new LinkedHashMap<>(parameterInputs));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * Adds the head and its loss to {@code graph}.
   *
   * @param features backbone map F32 {@code [B, featureDim, h, w]}; gradients reach it
   * @param tokens I64 {@code [B, T + 1]} caption ids {@code [<start>, words, <end>, <pad>...]}, as
   *     laid out by {@link CaptionBatch}
   * @param lengths I64 {@code [B]} caption lengths, {@code <start>} and {@code <end>} included,
   *     each in {@code [2, T + 1]} (not checked inside the graph; {@link CaptionBatch} checks them)
   * @param dropoutSeed I64 scalar input drawing the dropout mask; may be null when the config's
   *     dropout is 0 (it is then unused and absent from the exported graph)
   * @param mode whether the head's parameters are trainable inputs or frozen weights
   * @throws ShapeException naming the value whose type or shape does not fit
   */
  public static CaptionTrainingGraph build(
      Graph graph,
      CaptionHead head,
      Value features,
      Value tokens,
      Value lengths,
      Value dropoutSeed,
      HeadParameterMode mode) {
    CaptionHeadConfig config = head.config();
    int steps = config.decodeSteps();
    require(features, DType.F32, "features", 4, -1, config.featureDim(), -1, -1);
    long batch = features.dim(0);
    require(tokens, DType.I64, "tokens", 2, batch, steps + 1);
    require(lengths, DType.I64, "lengths", 1, batch);
    if (config.dropout() > 0) {
      Objects.requireNonNull(dropoutSeed, "dropoutSeed is required when dropout > 0");
      require(dropoutSeed, DType.I64, "dropoutSeed", 0);
    }
    Ops o = new Ops(graph);
    Map<CaptionParameter, Value> params = head.bind(graph, mode);
    return graph.inScope(
        "caption_head",
        () -> {
          AttentionDecoder decoder = new AttentionDecoder(o, config, params);
          AttentionDecoder.Encoded encoded = decoder.encode(features);
          AttentionDecoder.State state = decoder.initialState(encoded);
          Value words = decoder.embed(o.slice(tokens, 1, 0, steps));
          List<Value> hidden = new ArrayList<>();
          List<Value> alphas = new ArrayList<>();
          for (int t = 0; t < steps; t++) {
            Value word = o.squeeze(o.slice(words, 1, t, t + 1), 1);
            AttentionDecoder.Step step = decoder.step(encoded, state, word);
            state = step.state();
            hidden.add(o.unsqueeze(state.hidden(), 1));
            alphas.add(o.unsqueeze(step.alpha(), 1));
          }
          Value dropped =
              Dropout.apply(
                  o,
                  o.concat(1, hidden.toArray(Value[]::new)),
                  config.dropout(),
                  dropoutSeed,
                  DROPOUT_SALT);
          Value logits = decoder.vocabularyLogits(o.reshape(dropped, batch * steps, -1));
          Value targets = o.reshape(o.slice(tokens, 1, 1, steps + 1), batch * steps);
          Value real = realSteps(o, lengths, steps);
          return losses(
              o,
              config,
              logits,
              targets,
              real,
              o.concat(1, alphas.toArray(Value[]::new)),
              params,
              mode);
        });
  }

  private static CaptionTrainingGraph losses(
      Ops o,
      CaptionHeadConfig config,
      Value logits,
      Value targets,
      Value real,
      Value alphas,
      Map<CaptionParameter, Value> params,
      HeadParameterMode mode) {
    Value realFlat = o.reshape(real, -1);
    Value count = o.reduceSum(realFlat, false);
    Value logp = o.logSoftmax(logits, 1);
    Value picked = o.squeeze(o.gatherElements(logp, o.unsqueeze(targets, 1), 1), 1);
    Value crossEntropy = o.neg(o.div(o.reduceSum(o.mul(picked, realFlat), false), count));
    Value attended = o.reduceSum(o.mul(alphas, o.unsqueeze(real, 2)), false, 1);
    Value residual = o.sub(o.scalarLike(attended, 1), attended);
    Value regulariser = o.reduceMean(o.mul(residual, residual), false, 0, 1);
    Value loss =
        o.add(crossEntropy, o.mul(o.scalarLike(regulariser, config.alphaC()), regulariser));
    Value hit = o.cast(o.not(o.less(picked, o.reduceMax(logp, false, 1))), DType.F32);
    Value accuracy = o.div(o.reduceSum(o.mul(hit, realFlat), false), count);
    Map<String, Value> metrics = new LinkedHashMap<>();
    metrics.put(CROSS_ENTROPY, crossEntropy);
    metrics.put(ATTENTION_REGULARISER, regulariser);
    metrics.put(TOKEN_ACCURACY, accuracy);
    Map<String, Value> inputs = new LinkedHashMap<>();
    if (mode == HeadParameterMode.TRAINABLE_INPUTS) {
      params.forEach((p, v) -> inputs.put(p.checkpointName(), v));
    }
    return new CaptionTrainingGraph(loss, inputs, metrics);
  }

  /** F32 {@code [B, T]}: 1 where step {@code t < length − 1}, else 0. */
  private static Value realSteps(Ops o, Value lengths, int steps) {
    long[] iota = new long[steps];
    Arrays.setAll(iota, t -> t);
    Value stepIndex = o.graph().constant(HostTensor.ofLongs(iota, 1, steps));
    Value realCount = o.unsqueeze(o.sub(lengths, o.longs(1)), 1);
    return o.cast(o.less(stepIndex, realCount), DType.F32);
  }

  /** Checks dtype, rank and the dimensions that are not -1. */
  private static void require(Value v, DType dtype, String what, int rank, long... dims) {
    boolean ok = v.dtype() == dtype && v.rank() == rank;
    for (int i = 0; ok && i < dims.length; i++) {
      ok = dims[i] < 0 || v.dim(i) == dims[i];
    }
    if (!ok) {
      String expected =
          Arrays.stream(dims).mapToObj(d -> d < 0 ? "*" : Long.toString(d)).toList().toString();
      throw new ShapeException(
          String.format(
              "caption head input %s ('%s') is %s, expected %s %s; see"
                  + " CaptionTrainingGraph.build for the layout",
              what, v.name(), v.type(), dtype, rank == 0 ? "[] (a scalar)" : expected));
    }
  }
}

package io.visft.heads.caption;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.heads.HeadParameterMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates captions from backbone features with a {@link CaptionHead} (inference: no dropout).
 *
 * <p>Two small graphs run on ONNX Runtime: an encoder graph (pooling, attention keys, initial LSTM
 * state) run once per call, and a step graph that advances the LSTM by one token per run; its
 * hidden and cell state are read back and fed in again (reordered for beam search). Sessions are
 * created on first use for each feature shape and row count and kept until {@link #close()}.
 *
 * <p>The head's parameters are copied when the decoder is created; later {@link CaptionHead#load}
 * calls do not affect it. Not thread-safe; close it to free native memory.
 */
public final class CaptionDecoder implements AutoCloseable {

  private static final String FEATURES = "features";
  private static final String POSITIONS = "positions";
  private static final String KEYS = "keys";
  private static final String HIDDEN = "hidden";
  private static final String CELL = "cell";
  private static final String TOKEN = "token";
  private static final String LOG_PROBS = "log_probs";
  private static final String NEXT_HIDDEN = "next_hidden";
  private static final String NEXT_CELL = "next_cell";
  private static final String INITIAL_HIDDEN = "initial_hidden";
  private static final String INITIAL_CELL = "initial_cell";

  private final CaptionHead head;
  private final CaptionCodec codec;
  private final RuntimeOptions runtime;
  private final Map<List<Long>, GraphSession> encoders = new HashMap<>();
  private final Map<Integer, GraphSession> steppers = new HashMap<>();

  private CaptionDecoder(CaptionHead head, RuntimeOptions runtime) {
    this.head = head;
    this.codec = head.codec(LengthPolicy.TRUNCATE);
    this.runtime = runtime;
  }

  /** A decoder over a snapshot of {@code head}'s current parameters. */
  public static CaptionDecoder create(CaptionHead head, RuntimeOptions runtime) {
    CaptionHead snapshot = CaptionHead.of(head.config(), head.vocabulary(), head.parameters());
    return new CaptionDecoder(snapshot, runtime);
  }

  /**
   * Greedy decoding: the most probable token at every step, all images together.
   *
   * @param features F32 {@code [B, featureDim, h, w]}
   * @return one caption per image, in order
   */
  public List<GeneratedCaption> greedy(HostTensor features) {
    Encoding e = encode(features);
    int rows = e.images();
    SessionSteps steps = new SessionSteps(rows, e.positions(), e.keys(), e.hidden(), e.cell());
    List<GeneratedCaption> out = new ArrayList<>(rows);
    for (CaptionSearch.Hypothesis h :
        CaptionSearch.greedy(steps, rows, head.config().decodeSteps())) {
      out.add(caption(h));
    }
    return out;
  }

  /**
   * Beam search, one image at a time with {@code config.beamWidth()} rows.
   *
   * @param features F32 {@code [B, featureDim, h, w]}
   * @return one caption per image, in order
   */
  public List<GeneratedCaption> beamSearch(HostTensor features, BeamSearchConfig config) {
    Encoding e = encode(features);
    int k = config.beamWidth();
    List<GeneratedCaption> out = new ArrayList<>(e.images());
    for (int i = 0; i < e.images(); i++) {
      SessionSteps steps =
          new SessionSteps(
              k,
              tile(e.positions(), e.images(), i, k),
              tile(e.keys(), e.images(), i, k),
              tile(e.hidden(), e.images(), i, k),
              tile(e.cell(), e.images(), i, k));
      out.add(caption(CaptionSearch.beam(steps, head.config().decodeSteps(), config)));
    }
    return out;
  }

  private GeneratedCaption caption(CaptionSearch.Hypothesis h) {
    return new GeneratedCaption(
        h.tokens(), codec.decode(h.tokens()), h.logProbability(), h.ended());
  }

  /** Encoder outputs, row-major per image: positions, keys, initial hidden and cell state. */
  private record Encoding(
      int images, float[] positions, float[] keys, float[] hidden, float[] cell) {}

  private Encoding encode(HostTensor features) {
    long[] shape = features.shape();
    if (features.dtype() != DType.F32
        || shape.length != 4
        || shape[1] != head.config().featureDim()) {
      throw new ShapeException(
          String.format(
              "caption decoding needs F32 features [B, %d, h, w], got %s",
              head.config().featureDim(), features));
    }
    GraphSession s =
        encoders.computeIfAbsent(Arrays.stream(shape).boxed().toList(), k -> encoder(shape));
    s.setInput(FEATURES, features);
    s.run();
    return new Encoding(
        (int) shape[0],
        floats(s, POSITIONS),
        floats(s, KEYS),
        floats(s, INITIAL_HIDDEN),
        floats(s, INITIAL_CELL));
  }

  private GraphSession encoder(long[] featureShape) {
    Graph g = new Graph();
    Ops o = new Ops(g);
    AttentionDecoder d =
        new AttentionDecoder(o, head.config(), head.bind(g, HeadParameterMode.FROZEN_WEIGHTS));
    AttentionDecoder.Encoded encoded = d.encode(g.input(FEATURES, DType.F32, featureShape));
    AttentionDecoder.State state = d.initialState(encoded);
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put(POSITIONS, encoded.positions());
    outputs.put(KEYS, encoded.keys());
    outputs.put(INITIAL_HIDDEN, state.hidden());
    outputs.put(INITIAL_CELL, state.cell());
    return GraphSession.create(
        OnnxExporter.export(g, outputs, Map.of("visft.graph", "caption-encoder")), runtime);
  }

  private GraphSession stepper(int rows) {
    CaptionHeadConfig c = head.config();
    Graph g = new Graph();
    Ops o = new Ops(g);
    AttentionDecoder d = new AttentionDecoder(o, c, head.bind(g, HeadParameterMode.FROZEN_WEIGHTS));
    AttentionDecoder.Encoded encoded =
        new AttentionDecoder.Encoded(
            g.input(POSITIONS, DType.F32, rows, c.positions(), c.featureDim()),
            g.input(KEYS, DType.F32, rows, c.positions(), c.attentionDim()));
    AttentionDecoder.State state =
        new AttentionDecoder.State(
            g.input(HIDDEN, DType.F32, rows, c.hiddenDim()),
            g.input(CELL, DType.F32, rows, c.hiddenDim()));
    Value word = d.embed(g.input(TOKEN, DType.I64, rows));
    AttentionDecoder.State next = d.step(encoded, state, word).state();
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put(LOG_PROBS, o.logSoftmax(d.vocabularyLogits(next.hidden()), 1));
    outputs.put(NEXT_HIDDEN, next.hidden());
    outputs.put(NEXT_CELL, next.cell());
    return GraphSession.create(
        OnnxExporter.export(g, outputs, Map.of("visft.graph", "caption-step")), runtime);
  }

  /** One step session with its per-call inputs and the decoder state of its rows. */
  private final class SessionSteps implements DecoderSteps {
    private final GraphSession session;
    private final int rows;
    private final int hiddenDim;
    private float[] hidden;
    private float[] cell;

    SessionSteps(int rows, float[] positions, float[] keys, float[] hidden, float[] cell) {
      CaptionHeadConfig c = head.config();
      this.session = steppers.computeIfAbsent(rows, CaptionDecoder.this::stepper);
      this.rows = rows;
      this.hiddenDim = c.hiddenDim();
      this.hidden = hidden;
      this.cell = cell;
      session.setInput(
          POSITIONS, HostTensor.ofFloats(positions, rows, c.positions(), c.featureDim()));
      session.setInput(KEYS, HostTensor.ofFloats(keys, rows, c.positions(), c.attentionDim()));
    }

    @Override
    public float[][] advance(int[] parents, int[] tokens) {
      checkArgument(
          parents.length == tokens.length && parents.length <= rows,
          "%s parents and %s tokens for %s rows",
          parents.length,
          tokens.length,
          rows);
      float[] h = new float[rows * hiddenDim];
      float[] c = new float[rows * hiddenDim];
      long[] fed = new long[rows];
      for (int r = 0; r < rows; r++) {
        int from = parents[Math.min(r, parents.length - 1)];
        System.arraycopy(hidden, from * hiddenDim, h, r * hiddenDim, hiddenDim);
        System.arraycopy(cell, from * hiddenDim, c, r * hiddenDim, hiddenDim);
        fed[r] = tokens[Math.min(r, tokens.length - 1)];
      }
      session.setInput(HIDDEN, HostTensor.ofFloats(h, rows, hiddenDim));
      session.setInput(CELL, HostTensor.ofFloats(c, rows, hiddenDim));
      session.setInput(TOKEN, HostTensor.ofLongs(fed, rows));
      session.run();
      hidden = floats(session, NEXT_HIDDEN);
      cell = floats(session, NEXT_CELL);
      float[] all = floats(session, LOG_PROBS);
      int vocab = head.config().vocabSize();
      float[][] out = new float[parents.length][];
      for (int r = 0; r < parents.length; r++) {
        out[r] = Arrays.copyOfRange(all, r * vocab, (r + 1) * vocab);
      }
      return out;
    }
  }

  /** Row {@code image} of a row-major {@code [images, ...]} array, repeated {@code times}. */
  private static float[] tile(float[] all, int images, int image, int times) {
    int row = all.length / images;
    float[] out = new float[row * times];
    for (int t = 0; t < times; t++) {
      System.arraycopy(all, image * row, out, t * row, row);
    }
    return out;
  }

  private static float[] floats(GraphSession s, String output) {
    return s.outputCopy(output).toFloatArray();
  }

  @Override
  public void close() {
    encoders.values().forEach(GraphSession::close);
    steppers.values().forEach(GraphSession::close);
    encoders.clear();
    steppers.clear();
  }
}

package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.train.AdamW;
import io.visft.core.train.AdamWConfig;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.heads.HeadParameterMode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage-1 training end to end: a small head with dropout 0.5 learns four distinct captions of four
 * random feature maps, then greedy and beam-search decoding reproduce them. Thresholds were fixed
 * before the first run.
 */
class CaptionHeadTrainingTest {

  static final List<String> CAPTIONS =
      List.of("a dog runs on the grass", "two cats sleep", "a red car", "birds fly over the sea");
  private static final int STEPS = 300;
  private static final Logger LOG = LoggerFactory.getLogger(CaptionHeadTrainingTest.class);

  @Test
  void headOverfitsDistinctCaptionsAndDecodingReproducesThem() {
    Vocabulary vocabulary = Vocabulary.build(CAPTIONS, CaptionTokenizer.ALPHANUMERIC_RUNS, 1);
    CaptionHeadConfig config =
        new CaptionHeadConfig(8, 16, 16, 32, vocabulary.size(), 6, 2, 0.5, 1.0);
    CaptionHead head = CaptionHead.initialize(config, vocabulary, 11);
    HostTensor features = randomFeatures(new Random(5), CAPTIONS.size(), 8, 4, 4);
    CaptionBatch batch = CaptionBatch.encode(head, LengthPolicy.REJECT, CAPTIONS);

    Graph g = new Graph();
    Value featureInput = g.input("features", DType.F32, features.shape());
    Value tokens = g.input("tokens", DType.I64, batch.tokens().shape());
    Value lengths = g.input("lengths", DType.I64, batch.lengths().shape());
    Value seed = g.input("dropout_seed", DType.I64);
    CaptionTrainingGraph training =
        CaptionTrainingGraph.build(
            g, head, featureInput, tokens, lengths, seed, HeadParameterMode.TRAINABLE_INPUTS);
    Parameters params = new Parameters();
    head.parameters().forEach(params::add);
    AdamW optimizer = new AdamW(params, new AdamWConfig(0.9, 0.999, 1e-8, 0, Set.of()));
    double[] crossEntropy = new double[STEPS];
    double lastAccuracy;
    try (TrainingSession session =
        TrainingSession.create(
            training.loss(),
            training.parameterInputs(),
            training.metrics(),
            RuntimeOptions.cpu())) {
      for (int step = 0; step < STEPS; step++) {
        session.step(
            params,
            Map.of(
                "features", features,
                "tokens", batch.tokens(),
                "lengths", batch.lengths(),
                "dropout_seed", HostTensor.ofLongs(new long[] {step})));
        crossEntropy[step] = session.metric(CaptionTrainingGraph.CROSS_ENTROPY).get(0);
        optimizer.step(session.gradients(), 5e-3);
      }
      lastAccuracy = session.metric(CaptionTrainingGraph.TOKEN_ACCURACY).get(0);
    }
    double tail = Arrays.stream(crossEntropy, STEPS - 20, STEPS).average().orElseThrow();
    LOG.info(
        "cross-entropy {} at step 1, {} averaged over the last 20 of {} steps; last accuracy {}",
        crossEntropy[0],
        tail,
        STEPS,
        lastAccuracy);
    assertTrue(
        crossEntropy[0] > 2,
        "untrained cross-entropy should be near ln(19), was " + crossEntropy[0]);
    assertTrue(
        tail < 0.1, "mean cross-entropy of the last 20 steps should be below 0.1, was " + tail);
    assertEquals(1.0, lastAccuracy, "token accuracy of the last step");

    head.load(params.toTensors());
    try (CaptionDecoder decoder = CaptionDecoder.create(head, RuntimeOptions.cpu())) {
      List<GeneratedCaption> greedy = decoder.greedy(features);
      List<GeneratedCaption> beam = decoder.beamSearch(features, BeamSearchConfig.ofWidth(3));
      for (int i = 0; i < CAPTIONS.size(); i++) {
        assertEquals(CAPTIONS.get(i), greedy.get(i).text(), "greedy caption of image " + i);
        assertTrue(greedy.get(i).ended(), "greedy decoding of image " + i + " should end");
        assertEquals(CAPTIONS.get(i), beam.get(i).text(), "beam-search caption of image " + i);
      }
      assertDecodedLogProbabilitiesMatchTeacherForcing(head, features, greedy);
    }
  }

  /**
   * The step graph used for decoding and the unrolled training graph compute the same model: the
   * summed log-probability of the decoded captions is minus the teacher-forced cross-entropy
   * (dropout off) times the number of predicted tokens.
   */
  private static void assertDecodedLogProbabilitiesMatchTeacherForcing(
      CaptionHead trained, HostTensor features, List<GeneratedCaption> decoded) {
    CaptionHead eval =
        CaptionHead.of(trained.config().withDropout(0), trained.vocabulary(), trained.parameters());
    CaptionBatch batch =
        CaptionBatch.encode(
            eval, LengthPolicy.REJECT, decoded.stream().map(GeneratedCaption::text).toList());
    Graph g = new Graph();
    CaptionTrainingGraph graph =
        CaptionTrainingGraph.build(
            g,
            eval,
            g.input("features", DType.F32, features.shape()),
            g.input("tokens", DType.I64, batch.tokens().shape()),
            g.input("lengths", DType.I64, batch.lengths().shape()),
            null,
            HeadParameterMode.FROZEN_WEIGHTS);
    float crossEntropy =
        Evaluate.run(
                g,
                Map.of("ce", graph.metrics().get(CaptionTrainingGraph.CROSS_ENTROPY)),
                Map.of("features", features, "tokens", batch.tokens(), "lengths", batch.lengths()))
            .get("ce")
            .toFloatArray()[0];
    long[] lengths = new long[batch.size()];
    batch.lengths().data().asLongBuffer().get(lengths);
    long predicted = Arrays.stream(lengths).map(l -> l - 1).sum();
    double summed = decoded.stream().mapToDouble(GeneratedCaption::logProbability).sum();
    assertEquals(-crossEntropy * predicted, summed, 1e-4 * Math.abs(summed) + 1e-6);
  }

  static HostTensor randomFeatures(Random random, int... shape) {
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    float[] values = new float[Math.toIntExact(HostTensor.numel(dims))];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return HostTensor.ofFloats(values, dims);
  }
}

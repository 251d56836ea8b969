package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.runtime.RuntimeOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoding an untrained head through ONNX Runtime: consistency across batching and search modes.
 */
class CaptionDecoderTest {
  private static final CaptionHeadConfig CONFIG =
      new CaptionHeadConfig(6, 5, 4, 7, 12, 4, 3, 0.5, 1);
  private static final HostTensor FEATURES =
      CaptionHeadTrainingTest.randomFeatures(new Random(4), 3, 6, 5, 4);

  private static CaptionHead head() {
    return CaptionHead.initialize(CONFIG, CaptionHeadParityTest.vocabulary(12), 31);
  }

  @Test
  void batchedGreedyEqualsOneImageAtATimeAndBeamWidthOne() {
    CaptionHead head = head();
    try (CaptionDecoder decoder = CaptionDecoder.create(head, RuntimeOptions.cpu())) {
      List<GeneratedCaption> batched = decoder.greedy(FEATURES);
      List<GeneratedCaption> beamOne = decoder.beamSearch(FEATURES, BeamSearchConfig.ofWidth(1));
      assertEquals(3, batched.size());
      for (int i = 0; i < 3; i++) {
        GeneratedCaption alone = decoder.greedy(image(i)).get(0);
        assertArrayEquals(alone.tokens(), batched.get(i).tokens(), "image " + i);
        assertEquals(alone.logProbability(), batched.get(i).logProbability(), 1e-5);
        assertArrayEquals(alone.tokens(), beamOne.get(i).tokens(), "image " + i);
        assertEquals(alone.logProbability(), beamOne.get(i).logProbability(), 1e-5);
        GeneratedCaption c = batched.get(i);
        assertTrue(c.logProbability() < 0);
        assertTrue(
            c.ended()
                ? c.tokens().length <= CONFIG.maxLength()
                : c.tokens().length == CONFIG.decodeSteps());
        assertTrue(
            Arrays.stream(c.tokens())
                .allMatch(t -> t == Vocabulary.UNK_ID || t > Vocabulary.END_ID));
        assertEquals(head.codec(LengthPolicy.TRUNCATE).decode(c.tokens()), c.text());
      }
    }
  }

  @Test
  void decoderKeepsTheParametersItWasCreatedWith() {
    CaptionHead head = head();
    try (CaptionDecoder decoder = CaptionDecoder.create(head, RuntimeOptions.cpu())) {
      List<GeneratedCaption> before = decoder.greedy(FEATURES);
      head.load(CaptionHead.initialize(CONFIG, head.vocabulary(), 99).parameters());
      assertEquals(before, decoder.greedy(FEATURES));
    }
  }

  @Test
  void refusesFeaturesOfAnotherWidth() {
    try (CaptionDecoder decoder = CaptionDecoder.create(head(), RuntimeOptions.cpu())) {
      ShapeException e =
          assertThrows(
              ShapeException.class,
              () ->
                  decoder.greedy(
                      CaptionHeadTrainingTest.randomFeatures(new Random(1), 1, 5, 3, 3)));
      assertTrue(e.getMessage().contains("needs F32 features [B, 6, h, w]"), e.getMessage());
    }
  }

  private static HostTensor image(int i) {
    float[] all = FEATURES.toFloatArray();
    int size = all.length / 3;
    return HostTensor.ofFloats(Arrays.copyOfRange(all, i * size, (i + 1) * size), 1, 6, 5, 4);
  }
}

package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.graph.Graph;
import io.visft.core.testing.Evaluate;
import io.visft.heads.HeadParameterMode;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Caption inputs: the codec's length policy for over-long captions, widths, ids, shapes. */
class CaptionBatchTest {
  private static final CaptionHeadConfig CONFIG = new CaptionHeadConfig(6, 5, 4, 7, 12, 4, 3, 0, 1);
  private static final CaptionHead HEAD =
      CaptionHead.initialize(CONFIG, CaptionHeadParityTest.vocabulary(12), 2);
  private static final List<String> CAPTIONS = List.of("w4 w5", "w6 w7 w8 w9 w10 w11");

  @Test
  void captionLongerThanMaxLengthIsRejectedUnderReject() {
    ShapeException e =
        assertThrows(
            ShapeException.class, () -> CaptionBatch.encode(HEAD, LengthPolicy.REJECT, CAPTIONS));
    assertTrue(
        e.getMessage()
            .startsWith("caption 1 of the batch: caption has 6 words, more than maxWords = 4"),
        e.getMessage());
    assertTrue(e.getMessage().contains("raise maxWords"), e.getMessage());
  }

  @Test
  void captionLongerThanMaxLengthIsCutUnderTruncateAndTrains() {
    CaptionBatch batch = CaptionBatch.encode(HEAD, LengthPolicy.TRUNCATE, CAPTIONS);
    long[] tokens = new long[12];
    batch.tokens().data().asLongBuffer().get(tokens);
    assertArrayEquals(new long[] {2, 4, 5, 3, 0, 0, 2, 6, 7, 8, 9, 3}, tokens);
    long[] lengths = new long[2];
    batch.lengths().data().asLongBuffer().get(lengths);
    assertArrayEquals(new long[] {4, 6}, lengths);

    Graph g = new Graph();
    CaptionTrainingGraph training =
        CaptionTrainingGraph.build(
            g,
            HEAD,
            g.input("features", DType.F32, 2, 6, 3, 3),
            g.input("tokens", DType.I64, batch.tokens().shape()),
            g.input("lengths", DType.I64, batch.lengths().shape()),
            null,
            HeadParameterMode.FROZEN_WEIGHTS);
    HostTensor features = CaptionHeadTrainingTest.randomFeatures(new Random(1), 2, 6, 3, 3);
    float loss =
        Evaluate.run(
                g,
                Map.of("loss", training.loss()),
                Map.of("features", features, "tokens", batch.tokens(), "lengths", batch.lengths()))
            .get("loss")
            .toFloatArray()[0];
    assertTrue(Float.isFinite(loss) && loss > 0, "loss " + loss);
  }

  @Test
  void captionsEncodedForAnotherLengthAreRefused() {
    CaptionCodec wider = new CaptionCodec(HEAD.vocabulary(), 6, LengthPolicy.REJECT);
    ShapeException e =
        assertThrows(
            ShapeException.class, () -> CaptionBatch.of(CONFIG, List.of(wider.encode("w4"))));
    assertTrue(
        e.getMessage()
            .contains(
                "caption 0 of the batch has 8 token ids, the head expects" + " maxLength + 2 = 6"),
        e.getMessage());
  }

  @Test
  void refusesIdsOutsideTheVocabularyAndEmptyBatches() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                CaptionBatch.of(
                    CONFIG, List.of(new EncodedCaption(new int[] {2, 12, 3, 0, 0, 0}, 3))));
    assertTrue(
        e.getMessage().contains("ids[1] = 12 is outside the vocabulary [0, 12)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CaptionBatch.of(CONFIG, List.of()));
    assertThrows(
        ShapeException.class,
        () ->
            new CaptionBatch(
                HostTensor.ofLongs(new long[6], 1, 6), HostTensor.ofLongs(new long[2], 2)));
    assertEquals(
        1, CaptionBatch.of(CONFIG, List.of(HEAD.codec(LengthPolicy.REJECT).encode("w4"))).size());
  }
}

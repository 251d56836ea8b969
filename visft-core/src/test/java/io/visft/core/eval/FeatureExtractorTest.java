package io.visft.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import org.junit.jupiter.api.Test;

/** Embedding functions seen as extractors of 1×1 maps. */
class FeatureExtractorTest {

  @Test
  void embeddingsBecomeOneByOneMaps() {
    FeatureExtractor e =
        FeatureExtractor.ofEmbeddings(
            px -> HostTensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    HostTensor map = e.features(HostTensor.ofFloats(new float[2 * 3 * 4 * 4], 2, 3, 4, 4));
    assertArrayEquals(new long[] {2, 3, 1, 1}, map.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, map.toFloatArray());
    FeatureExtractor wrong =
        FeatureExtractor.ofEmbeddings(px -> HostTensor.ofFloats(new float[6], 1, 2, 3));
    assertThrows(
        ShapeException.class, () -> wrong.features(HostTensor.ofFloats(new float[48], 1, 3, 4, 4)));
  }
}

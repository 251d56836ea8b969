package io.visft.heads.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BLEU and CIDEr-D against the independent Python implementation in {@code
 * tools/fixtures/caption_metrics_fixture.py} on random corpora of 1 to 20 images.
 */
class CaptionMetricsFixtureTest {

  private static final double TOL = 1e-12;

  static Stream<JsonNode> cases() {
    try (InputStream in =
        CaptionMetricsFixtureTest.class.getResourceAsStream("caption_metrics_fixture.json")) {
      return StreamSupport.stream(new ObjectMapper().readTree(in).spliterator(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void bleuMatchesReference(JsonNode c) {
    BleuScore s = Bleu.score(candidates(c), references(c));
    JsonNode expected = c.get("expectedBleu");
    for (int n = 1; n <= 4; n++) {
      assertEquals(expected.get("bleu").get(n - 1).asDouble(), s.bleu(n), TOL, "BLEU-" + n);
    }
    assertEquals(expected.get("candidateLength").asLong(), s.candidateLength());
    assertEquals(expected.get("referenceLength").asLong(), s.referenceLength());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void ciderDMatchesReference(JsonNode c) {
    CiderDScore<String> s = CiderD.score(candidates(c), references(c));
    JsonNode expected = c.get("expectedCiderD");
    assertEquals(expected.get("corpus").asDouble(), s.corpus(), TOL);
    expected
        .get("perImage")
        .fields()
        .forEachRemaining(
            e ->
                assertEquals(
                    e.getValue().asDouble(), s.perImage().get(e.getKey()), TOL, e.getKey()));
  }

  private static Map<String, String> candidates(JsonNode c) {
    Map<String, String> out = new LinkedHashMap<>();
    c.get("candidates").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static Map<String, List<String>> references(JsonNode c) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    c.get("references")
        .fields()
        .forEachRemaining(
            e -> {
              List<String> refs = new ArrayList<>();
              e.getValue().forEach(r -> refs.add(r.asText()));
              out.put(e.getKey(), refs);
            });
    return out;
  }
}

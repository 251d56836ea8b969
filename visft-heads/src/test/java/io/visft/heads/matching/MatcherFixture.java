package io.visft.heads.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads {@code matcher_fixture.json}, written by {@code tools/fixtures/matcher_fixture.py}. */
final class MatcherFixture {

  private MatcherFixture() {}

  static JsonNode load() {
    try (InputStream in = MatcherFixture.class.getResourceAsStream("matcher_fixture.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double[][] matrix(JsonNode node) {
    double[][] m = new double[node.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new double[node.get(i).size()];
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = node.get(i).get(j).asDouble();
      }
    }
    return m;
  }

  static int[] ints(JsonNode node) {
    int[] v = new int[node.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = node.get(i).asInt();
    }
    return v;
  }
}

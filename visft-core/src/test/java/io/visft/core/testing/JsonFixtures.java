package io.visft.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.HostTensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads JSON reference fixtures (written by the scripts in tools/fixtures) from test resources. */
public final class JsonFixtures {
  private JsonFixtures() {}

  public static JsonNode load(String resource) {
    try (InputStream in = JsonFixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing test resource "
                + resource
                + "; regenerate it with its script in tools/fixtures");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A tensor written as {"shape": [...], "data": [...]} as F32. */
  public static HostTensor tensor(JsonNode node) {
    long[] shape = new long[node.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = node.get("shape").get(i).asLong();
    }
    return HostTensor.ofFloats(floats(node.get("data")), shape);
  }

  public static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }

  public static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }
}

package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.core.data.image.RgbImage;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AnnotatedImages.resize against PyTorch's bilinear interpolate (fixture from
 * tools/fixtures/bilinear_resize.py).
 */
class BilinearResizeParityTest {

  @Test
  void matchesPyTorchBilinearWithoutAlignCorners() throws Exception {
    JsonNode root;
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/transform/bilinear_resize.json")) {
      root = new ObjectMapper().readTree(in);
    }
    assertEquals(5, root.get("cases").size());
    for (JsonNode c : root.get("cases")) {
      int h = c.get("height").asInt();
      int w = c.get("width").asInt();
      int outH = c.get("outHeight").asInt();
      int outW = c.get("outWidth").asInt();
      AnnotatedImage sample =
          AnnotatedImage.of(new RgbImage(h, w, floats(c.get("input"))), List.of());
      float[] got = AnnotatedImages.resize(sample, outH, outW).image().planes();
      float[] want = floats(c.get("output"));
      assertEquals(want.length, got.length);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-6f, h + "x" + w + " -> " + outH + "x" + outW + " at " + i);
      }
    }
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).asDouble();
    }
    return out;
  }
}

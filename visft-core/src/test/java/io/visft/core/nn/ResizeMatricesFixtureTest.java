package io.visft.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Parity with PyTorch 1.13 {@code F.interpolate(..., align_corners=False)} on fixtures from {@code
 * tools/fixtures/resize_fixture.py}: every axis matrix, and random grids 16x16 to 16x16, 8x8, 24x17
 * and 5x3, and 3x3 to 7x7.
 */
class ResizeMatricesFixtureTest {

  private static final double TOLERANCE = 1e-6;

  private static JsonNode fixture(ResizeMode mode) throws IOException {
    String name = "resize_" + mode.name().toLowerCase(Locale.ROOT) + ".json";
    try (InputStream in = ResizeMatricesFixtureTest.class.getResourceAsStream(name)) {
      assertNotNull(in, "fixture " + name + " is on the test classpath");
      return new ObjectMapper().readTree(in);
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).doubleValue();
    }
    return values;
  }

  @ParameterizedTest
  @EnumSource(ResizeMode.class)
  void axisMatricesMatchPyTorch(ResizeMode mode) throws IOException {
    JsonNode axes = fixture(mode).get("axes");
    assertEquals(7, axes.size(), "axis pairs in the fixture");
    for (JsonNode axis : axes) {
      int in = axis.get("in").intValue();
      int out = axis.get("out").intValue();
      double[] expected = doubles(axis.get("matrix"));
      double[] actual = ResizeMatrices.axis(mode, in, out).values();
      assertEquals(expected.length, actual.length);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(
            expected[i],
            actual[i],
            TOLERANCE,
            mode + " " + in + "->" + out + " entry (" + i / in + ", " + i % in + ")");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ResizeMode.class)
  void gridsResizeLikePyTorch(ResizeMode mode) throws IOException {
    JsonNode cases = fixture(mode).get("cases");
    assertEquals(5, cases.size(), "grid cases in the fixture");
    for (JsonNode c : cases) {
      int channels = c.get("channels").intValue();
      int ih = c.get("in").get(0).intValue();
      int iw = c.get("in").get(1).intValue();
      int oh = c.get("out").get(0).intValue();
      int ow = c.get("out").get(1).intValue();
      double[] expected = doubles(c.get("output"));
      SeparableResize resize = ResizeMatrices.separable(mode, ih, iw, oh, ow);
      double[] viaSeparable =
          toChannelFirst(
              resize.apply(toChannelLast(doubles(c.get("input")), channels), channels), channels);
      double[] viaKronecker =
          kroneckerPerChannel(resize.kronecker(), doubles(c.get("input")), channels);
      String label = mode + " " + ih + "x" + iw + "->" + oh + "x" + ow;
      assertEquals(expected.length, viaSeparable.length, label);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], viaSeparable[i], TOLERANCE, label + " separable, value " + i);
        assertEquals(expected[i], viaKronecker[i], TOLERANCE, label + " kronecker, value " + i);
      }
    }
  }

  /** [C, N] (PyTorch's NCHW without the batch) to [N, C]. */
  private static double[] toChannelLast(double[] channelFirst, int channels) {
    int cells = channelFirst.length / channels;
    double[] out = new double[channelFirst.length];
    for (int c = 0; c < channels; c++) {
      for (int n = 0; n < cells; n++) {
        out[n * channels + c] = channelFirst[c * cells + n];
      }
    }
    return out;
  }

  /** [N, C] to [C, N]. */
  private static double[] toChannelFirst(double[] channelLast, int channels) {
    int cells = channelLast.length / channels;
    double[] out = new double[channelLast.length];
    for (int c = 0; c < channels; c++) {
      for (int n = 0; n < cells; n++) {
        out[c * cells + n] = channelLast[n * channels + c];
      }
    }
    return out;
  }

  private static double[] kroneckerPerChannel(
      ResizeMatrix full, double[] channelFirst, int channels) {
    int inCells = full.cols();
    double[] out = new double[full.rows() * channels];
    for (int c = 0; c < channels; c++) {
      for (int r = 0; r < full.rows(); r++) {
        double sum = 0;
        for (int k = 0; k < inCells; k++) {
          sum += full.get(r, k) * channelFirst[c * inCells + k];
        }
        out[c * full.rows() + r] = sum;
      }
    }
    return out;
  }
}

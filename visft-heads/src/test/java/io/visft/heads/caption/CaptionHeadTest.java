package io.visft.heads.caption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptionHeadTest {
  private static final CaptionHeadConfig SMALL =
      new CaptionHeadConfig(6, 5, 4, 7, 12, 4, 3, 0.5, 1);
  private static final Vocabulary VOCAB = CaptionHeadParityTest.vocabulary(12);

  @Test
  void parameterNamesAndShapesFollowTheReferenceDecoder() {
    CaptionHeadConfig c = CaptionHeadConfig.visft(1408, 9_000, 50);
    Map<String, long[]> expected = new LinkedHashMap<>();
    String p = "visft_heads.caption_decoder.";
    expected.put(p + "attention.encoder_att.weight", new long[] {384, 1408});
    expected.put(p + "attention.encoder_att.bias", new long[] {384});
    expected.put(p + "attention.decoder_att.weight", new long[] {384, 384});
    expected.put(p + "attention.decoder_att.bias", new long[] {384});
    expected.put(p + "attention.full_att.weight", new long[] {1, 384});
    expected.put(p + "attention.full_att.bias", new long[] {1});
    expected.put(p + "embedding.weight", new long[] {9_000, 384});
    expected.put(p + "decode_step.weight_ih", new long[] {1536, 384 + 1408});
    expected.put(p + "decode_step.weight_hh", new long[] {1536, 384});
    expected.put(p + "decode_step.bias_ih", new long[] {1536});
    expected.put(p + "decode_step.bias_hh", new long[] {1536});
    expected.put(p + "init_h.weight", new long[] {384, 1408});
    expected.put(p + "init_h.bias", new long[] {384});
    expected.put(p + "init_c.weight", new long[] {384, 1408});
    expected.put(p + "init_c.bias", new long[] {384});
    expected.put(p + "f_beta.weight", new long[] {1408, 384});
    expected.put(p + "f_beta.bias", new long[] {1408});
    expected.put(p + "fc.weight", new long[] {9_000, 384});
    expected.put(p + "fc.bias", new long[] {9_000});
    CaptionParameter[] all = CaptionParameter.values();
    assertEquals(
        List.copyOf(expected.keySet()),
        java.util.Arrays.stream(all).map(CaptionParameter::checkpointName).toList());
    for (CaptionParameter param : all) {
      assertArrayEquals(
          expected.get(param.checkpointName()), param.shape(c), param.checkpointName());
    }
  }

  @Test
  void initialisationFollowsTheReferenceDistributions() {
    CaptionHeadConfig c = new CaptionHeadConfig(64, 32, 16, 48, 200, 5, 2, 0.5, 1);
    CaptionHead head = CaptionHead.initialize(c, CaptionHeadParityTest.vocabulary(200), 7);
    Map<String, HostTensor> params = head.parameters();
    assertBound(params, "embedding.weight", 0.1);
    assertBound(params, "fc.weight", 0.1);
    assertBound(params, "attention.encoder_att.weight", 1 / Math.sqrt(64));
    assertBound(params, "attention.encoder_att.bias", 1 / Math.sqrt(64));
    assertBound(params, "attention.full_att.weight", 1 / Math.sqrt(32));
    assertBound(params, "decode_step.weight_ih", 1 / Math.sqrt(48));
    assertBound(params, "decode_step.bias_hh", 1 / Math.sqrt(48));
    assertBound(params, "f_beta.weight", 1 / Math.sqrt(48));
    for (float v : params.get(CaptionParameter.FC_BIAS.checkpointName()).toFloatArray()) {
      assertEquals(0f, v);
    }
    assertEquals(
        params, CaptionHead.initialize(c, CaptionHeadParityTest.vocabulary(200), 7).parameters());
    assertNotEquals(
        params, CaptionHead.initialize(c, CaptionHeadParityTest.vocabulary(200), 8).parameters());
  }

  /**
   * Uniform in ±bound: every value inside; on tensors of 1000 values or more also spread over it
   * (largest magnitude above 0.99·bound, mean within 5 standard errors of 0).
   */
  private static void assertBound(Map<String, HostTensor> params, String module, double bound) {
    float[] v = params.get(CaptionParameter.PREFIX + module).toFloatArray();
    double max = 0;
    double sum = 0;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
      sum += x;
    }
    assertTrue(max <= bound, module + ": max |value| " + max + " exceeds " + bound);
    if (v.length >= 1000) {
      double standardError = bound / Math.sqrt(3.0 * v.length);
      assertTrue(max > 0.99 * bound, module + ": max |value| " + max + " is far below " + bound);
      assertTrue(Math.abs(sum / v.length) < 5 * standardError, module + ": mean " + sum / v.length);
    }
  }

  @Test
  void saveWritesWeightsAndVocabularyThatReadBack(@TempDir Path dir) throws Exception {
    CaptionHead head = CaptionHead.initialize(SMALL, VOCAB, 3);
    Path file = dir.resolve("caption_head.safetensors");
    head.save(file);
    assertTrue(Files.isRegularFile(dir.resolve("caption_head.vocab.json")));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      assertEquals(head.parameters().keySet(), f.names());
      assertEquals("caption", f.metadata().get("visft.task"));
    }
    CaptionHead read = CaptionHead.read(file);
    assertEquals(SMALL, read.config());
    assertEquals(VOCAB, read.vocabulary());
    assertEquals(head.parameters(), read.parameters());
    assertEquals("caption", read.task());
  }

  @Test
  void readRefusesIncompleteFiles(@TempDir Path dir) throws Exception {
    CaptionHead head = CaptionHead.initialize(SMALL, VOCAB, 3);
    Path file = dir.resolve("head.safetensors");
    head.save(file);
    Files.delete(dir.resolve("head.vocab.json"));
    FileFormatException noVocab =
        assertThrows(FileFormatException.class, () -> CaptionHead.read(file));
    assertTrue(noVocab.getMessage().contains("head.vocab.json is missing"), noVocab.getMessage());

    head.save(file);
    Map<String, String> metadata =
        Map.of("visft.task", "caption", "visft.caption.featureDim", "six");
    SafetensorsWriter.write(file, head.parameters(), metadata);
    FileFormatException badField =
        assertThrows(FileFormatException.class, () -> CaptionHead.read(file));
    assertTrue(
        badField
            .getMessage()
            .contains("\"visft.caption.featureDim\" is \"six\", expected an integer"),
        badField.getMessage());

    SafetensorsWriter.write(file, head.parameters(), Map.of());
    FileFormatException noTask =
        assertThrows(FileFormatException.class, () -> CaptionHead.read(file));
    assertTrue(noTask.getMessage().contains("\"visft.task\" is absent"), noTask.getMessage());
  }

  @Test
  void loadChecksNamesShapesAndValues() {
    CaptionHead head = CaptionHead.initialize(SMALL, VOCAB, 3);
    Map<String, HostTensor> params = head.parameters();

    Map<String, HostTensor> missing = new LinkedHashMap<>(params);
    missing.remove(CaptionParameter.FC_BIAS.checkpointName());
    missing.put(
        "visft_heads.caption_decoder.fc.bais",
        params.get(CaptionParameter.FC_BIAS.checkpointName()));
    ShapeException names = assertThrows(ShapeException.class, () -> head.load(missing));
    assertTrue(
        names
            .getMessage()
            .contains(
                "missing [visft_heads.caption_decoder.fc.bias], unexpected"
                    + " [visft_heads.caption_decoder.fc.bais]"),
        names.getMessage());

    Map<String, HostTensor> wrongShape = new LinkedHashMap<>(params);
    wrongShape.put(
        CaptionParameter.FC_BIAS.checkpointName(), HostTensor.ofFloats(new float[11], 11));
    ShapeException shape = assertThrows(ShapeException.class, () -> head.load(wrongShape));
    assertTrue(
        shape.getMessage().contains("fc.bias has shape [11], expected [12]"), shape.getMessage());

    Map<String, HostTensor> nan = new LinkedHashMap<>(params);
    float[] values = new float[12];
    values[5] = Float.NaN;
    nan.put(CaptionParameter.FC_BIAS.checkpointName(), HostTensor.ofFloats(values, 12));
    NumericException numeric = assertThrows(NumericException.class, () -> head.load(nan));
    assertTrue(
        numeric.getMessage().contains("fc.bias holds NaN at flat index 5"), numeric.getMessage());
    assertEquals(params, head.parameters(), "a refused load leaves the head unchanged");

    assertThrows(
        ConfigException.class,
        () -> CaptionHead.initialize(SMALL, CaptionHeadParityTest.vocabulary(13), 1));
  }

  @Test
  void loadWidensHalfPrecision() {
    CaptionHead head = CaptionHead.initialize(SMALL, VOCAB, 3);
    Map<String, HostTensor> params = head.parameters();
    ByteBuffer half = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 12; i++) {
      half.putShort((short) 0x3C00); // 1.0 in IEEE half precision
    }
    params.put(
        CaptionParameter.FC_BIAS.checkpointName(),
        new HostTensor(DType.F16, new long[] {12}, half.flip()));
    head.load(params);
    float[] bias = head.parameters().get(CaptionParameter.FC_BIAS.checkpointName()).toFloatArray();
    assertEquals(1f, bias[0]);
    assertEquals(1f, bias[11]);
  }
}

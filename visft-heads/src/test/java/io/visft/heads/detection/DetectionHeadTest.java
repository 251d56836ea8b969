package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.core.io.HalfFloats;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionHeadTest {
  private static final DetectionHeadConfig SMALL =
      new DetectionHeadConfig(6, 8, 12, 2, 2, 2, 10, 5, 3, 0.1, 4, 1, DetectionLossConfig.detr());
  private static final String QUERIES = "visft_heads.query_embeds.detection.detection_coco.weight";

  @TempDir Path dir;

  @Test
  void savesAndReadsBackParametersAndConfiguration() {
    DetectionHead head = DetectionHead.initialize(SMALL, 9);
    Path file = dir.resolve("detection.safetensors");
    head.save(file);
    DetectionHead read = DetectionHead.read(file);
    assertEquals("detection", read.task());
    assertEquals(SMALL, read.config());
    assertEquals(head.parameters(), read.parameters());
  }

  @Test
  void picksItsParametersOutOfAFullCheckpoint() {
    DetectionHead head = DetectionHead.initialize(SMALL, 4);
    Map<String, HostTensor> all = new LinkedHashMap<>(head.parameters());
    all.put("visft_heads.caption_decoder.fc.bias", HostTensor.ofFloats(new float[3], 3));
    all.put("visft_heads.backbone.0.blocks.0.norm1.weight", HostTensor.ofFloats(new float[2], 2));
    Path file = dir.resolve("visft_heads.safetensors");
    SafetensorsWriter.write(file, all, Map.of());
    try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
      assertEquals(head.parameters(), DetectionHead.fromCheckpoint(SMALL, checkpoint).parameters());
    }
    all.remove(QUERIES);
    SafetensorsWriter.write(file, all, Map.of());
    try (SafetensorsFile checkpoint = SafetensorsFile.open(file)) {
      ShapeException e =
          assertThrows(ShapeException.class, () -> DetectionHead.fromCheckpoint(SMALL, checkpoint));
      assertTrue(e.getMessage().contains("lacks 1 detection head parameters"), e.getMessage());
      assertTrue(e.getMessage().contains(QUERIES), e.getMessage());
    }
  }

  @Test
  void readRefusesAnotherTasksFile() {
    Path file = dir.resolve("caption.safetensors");
    SafetensorsWriter.write(
        file, DetectionHead.initialize(SMALL, 1).parameters(), Map.of("visft.task", "caption"));
    FileFormatException e = assertThrows(FileFormatException.class, () -> DetectionHead.read(file));
    assertTrue(e.getMessage().contains("\"visft.task\" is \"caption\""), e.getMessage());
  }

  @Test
  void loadChecksNamesShapesAndValues() {
    DetectionHead head = DetectionHead.initialize(SMALL, 2);
    Map<String, HostTensor> missing = head.parameters();
    missing.remove(QUERIES);
    missing.put("visft_heads.extra", HostTensor.ofFloats(new float[1], 1));
    ShapeException names = assertThrows(ShapeException.class, () -> head.load(missing));
    assertTrue(names.getMessage().contains("missing [" + QUERIES + "]"), names.getMessage());
    assertTrue(names.getMessage().contains("unexpected [visft_heads.extra]"), names.getMessage());

    Map<String, HostTensor> reshaped = head.parameters();
    reshaped.put(QUERIES, HostTensor.ofFloats(new float[60], 5, 12, 1));
    ShapeException shape = assertThrows(ShapeException.class, () -> head.load(reshaped));
    assertTrue(
        shape.getMessage().contains(QUERIES + " has shape [5, 12, 1], expected [5, 12]"),
        shape.getMessage());

    Map<String, HostTensor> nan = head.parameters();
    float[] values = new float[60];
    values[7] = Float.NaN;
    nan.put(QUERIES, HostTensor.ofFloats(values, 5, 12));
    NumericException numeric = assertThrows(NumericException.class, () -> head.load(nan));
    assertTrue(numeric.getMessage().contains("NaN at flat index 7"), numeric.getMessage());
  }

  @Test
  void loadWidensHalfPrecision() {
    DetectionHead head = DetectionHead.initialize(SMALL, 3);
    Map<String, HostTensor> values = new LinkedHashMap<>(head.parameters());
    float[] queries = values.get(QUERIES).toFloatArray();
    ByteBuffer half = ByteBuffer.allocate(queries.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : queries) {
      half.putShort(HalfFloats.floatToF16(v));
    }
    values.put(QUERIES, new HostTensor(DType.F16, new long[] {5, 12}, half.flip()));
    head.load(values);
    float[] loaded = head.parameters().get(QUERIES).toFloatArray();
    for (int i = 0; i < queries.length; i++) {
      assertEquals(queries[i], loaded[i], Math.abs(queries[i]) * 1e-3 + 1e-6);
    }
  }
}

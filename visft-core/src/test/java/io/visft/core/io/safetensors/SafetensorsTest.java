package io.visft.core.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.HalfFloats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripsDtypesShapesScalarsEmptyTensorsAndMetadata() {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("w", HostTensor.ofFloats(new float[] {1, -2, 3.5f, 4, 5, 6}, 2, 3));
    t.put("ids", HostTensor.ofLongs(new long[] {7, -8}, 2));
    t.put("scalar", HostTensor.ofFloats(new float[] {42}));
    t.put("empty", HostTensor.ofFloats(new float[0], 0, 4));
    ByteBuffer half = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    half.putShort(HalfFloats.floatToF16(1.5f)).putShort(HalfFloats.floatToF16(-0.25f)).flip();
    t.put("half", new HostTensor(DType.F16, new long[] {2}, half));
    Path p = dir.resolve("a.safetensors");
    SafetensorsWriter.write(p, t, Map.of("format", "pt"));
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertEquals(t.keySet(), f.names());
      assertEquals(Map.of("format", "pt"), f.metadata());
      assertArrayEquals(t.get("w").toFloatArray(), f.tensor("w").toFloatArray());
      assertArrayEquals(new long[] {2, 3}, f.shape("w"));
      assertEquals(t.get("ids"), f.tensor("ids"));
      assertArrayEquals(new long[0], f.shape("scalar"));
      assertEquals(42f, f.tensor("scalar").toFloatArray()[0]);
      assertEquals(0, f.tensor("empty").numel());
      assertArrayEquals(new float[] {1.5f, -0.25f}, f.tensorF32("half").toFloatArray());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> f.tensor("nope"));
      assertTrue(e.getMessage().contains("no tensor 'nope'"), e.getMessage());
    }
    long headerLen = ByteBuffer.wrap(readBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLen % 8, "the header must be padded to 8 bytes");
  }

  @Test
  void readsAFileWrittenByThePythonReference() {
    Path p = Path.of("src/test/resources/fixtures/eva/g_style.safetensors");
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertArrayEquals(new long[] {96, 32}, f.shape("blocks.0.attn.qkv.weight"));
      assertArrayEquals(new long[] {1, 17, 32}, f.shape("pos_embed"));
      assertEquals(DType.F32, f.dtype("norm.weight"));
    }
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path raw(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path p = dir.resolve("bad" + System.nanoTime() + ".safetensors");
    Files.write(p, b.array());
    return p;
  }

  private void rejects(Path p, String... fragments) {
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> SafetensorsFile.open(p).close());
    assertTrue(
        e.getMessage().contains(p.toString()), "the message must name the file: " + e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }
  }

  @Test
  void rejectsEachMalformation() throws IOException {
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    rejects(tiny, "fewer than the 8-byte header length");

    ByteBuffer huge =
        ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
    Path big = dir.resolve("big.safetensors");
    Files.write(big, huge.array());
    rejects(big, "header length");

    ByteBuffer past = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
    Path pastEnd = dir.resolve("past.safetensors");
    Files.write(pastEnd, past.array());
    rejects(pastEnd, "runs past the end");

    rejects(raw("{not json", 0), "not valid JSON");
    rejects(raw("[1, 2]", 0), "must be a JSON object");
    rejects(
        raw("{\"a\":{\"dtype\":\"F99\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
        "tensor 'a'",
        "unknown safetensors dtype 'F99'");
    rejects(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
        "tensor 'a'",
        "non-negative integer");
    rejects(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
        "tensor 'a'",
        "needs 8 bytes",
        "span 4");
    rejects(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
        "tensor 'a'",
        "gap of 4 bytes");
    rejects(
        raw(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            8),
        "overlaps");
    rejects(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4),
        "tensor 'a'",
        "truncated");
    rejects(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 6),
        "trailing bytes");
    rejects(
        raw(
            "{\"__metadata__\":{\"k\":1},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            4),
        "__metadata__ entry 'k' must be a string");
    rejects(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", 4),
        "tensor 'a'",
        "exactly the keys");
    rejects(
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 4),
        "tensor 'a'",
        "begin <= end");
  }

  private Path rawBytes(byte[] header, int dataBytes) throws IOException {
    ByteBuffer b =
        ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    return Files.write(dir.resolve("bad" + System.nanoTime() + ".safetensors"), b.array());
  }

  @Test
  void rejectsHeadersWithTrailingContentOrInvalidUtf8() throws IOException {
    String tensor = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    try (SafetensorsFile padded = SafetensorsFile.open(raw(tensor + "    ", 4))) {
      assertEquals(
          1, padded.names().size(), "space padding, which the reference writer adds, is allowed");
    }
    rejects(raw(tensor + "garbage", 4), "the header is not valid JSON");
    rejects(
        raw(tensor + "{}", 4),
        "the header is not valid JSON",
        "content follows the end of the JSON value");
    byte[] metadata =
        ("{\"__metadata__\":{\"k\":\"v\u00ff\"}," + tensor.substring(1))
            .getBytes(StandardCharsets.ISO_8859_1);
    rejects(rawBytes(metadata, 4), "the header is not valid UTF-8");
  }

  @Test
  void capsWhatItEchoesFromTheHeader() throws IOException {
    StringBuilder keys = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      keys.append(",\"k").append(i).append("\":0");
    }
    Path file =
        raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]" + keys + "}}", 4);
    String message =
        assertThrows(FileFormatException.class, () -> SafetensorsFile.open(file)).getMessage();
    assertTrue(
        message.contains(
            "it has [data_offsets, dtype, k0, k1, k10, k100, k1000, k10000, k100000, k100001, ... "
                + "(200003 in all)]"),
        message);
    assertTrue(message.length() < 500, message.length() + " chars");
    rejects(
        raw(
            "{\""
                + "n".repeat(20_000)
                + "\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}",
            4),
        "tensor '" + "n".repeat(80) + "... (20000 chars)': F32 [2] needs 8 bytes");
  }

  @Test
  void writingIsAtomicTheOldFileSurvivesAFailedWrite() {
    Path p = dir.resolve("c.safetensors");
    SafetensorsWriter.write(p, Map.of("x", HostTensor.ofFloats(new float[] {1}, 1)), Map.of());
    HostTensor broken = new HostTensor(DType.F32, new long[] {1}, ByteBuffer.allocate(4));
    assertThrows(
        IllegalArgumentException.class,
        () -> SafetensorsWriter.write(p, Map.of("__metadata__", broken), Map.of()));
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertArrayEquals(new float[] {1}, f.tensor("x").toFloatArray());
    }
  }
}

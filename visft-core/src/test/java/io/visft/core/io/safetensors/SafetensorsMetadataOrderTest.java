package io.visft.core.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata's map order never reaches the file: keys are written sorted, so equal metadata gives
 * equal bytes.
 */
class SafetensorsMetadataOrderTest {
  @TempDir Path dir;

  @Test
  void metadataInAnyMapOrderGivesTheSameBytesWithSortedKeys() throws Exception {
    Map<String, HostTensor> tensors = Map.of("w", HostTensor.ofFloats(new float[] {1, 2}, 2));
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("format", "pt");
    forward.put("visft.sites", "[]");
    forward.put("a.note", "x");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("visft.sites", "[]");
    backward.put("a.note", "x");
    backward.put("format", "pt");
    Path p = dir.resolve("forward.safetensors");
    Path q = dir.resolve("backward.safetensors");
    SafetensorsWriter.write(p, tensors, forward);
    SafetensorsWriter.write(q, tensors, backward);

    assertArrayEquals(
        Files.readAllBytes(p), Files.readAllBytes(q), "the same metadata in another map order");
    String header = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    assertTrue(
        header.contains(
            "{\"__metadata__\":{\"a.note\":\"x\",\"format\":\"pt\",\"visft.sites\":\"[]\"}"),
        header);
  }
}

package io.visft.lora.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.lora.Lora;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-edited ViSFT LoRA files (the {@code .pt} layout, stored here as safetensors). */
class VisftLoraReadingTest {
  private static final int D = 8;
  private static final int R = 2;

  @TempDir Path dir;

  private static HostTensor zeros(long rows, long cols) {
    return HostTensor.ofFloats(new float[(int) (rows * cols)], rows, cols);
  }

  private Lora read(Map<String, HostTensor> tensors) {
    Path file = dir.resolve("lora.safetensors");
    SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      return VisftLoraFormat.read(f, "x", 1.0);
    }
  }

  private static Map<String, HostTensor> block(String number) {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("visual.blocks." + number + ".attn.qkv.lora_A", zeros(2 * R, D));
    t.put("visual.blocks." + number + ".attn.qkv.lora_B", zeros(2 * D, R));
    return t;
  }

  @Test
  void aWellFormedBlockReads() {
    assertEquals(2, read(block("3")).sites().size());
  }

  @Test
  void anOverlongBlockNumberIsNamed() {
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> read(block("99999999999")));
    assertTrue(
        e.getMessage().contains("has block index 99999999999; expected 0 to 9999"), e.getMessage());
  }

  @Test
  void twoSpellingsOfOneBlockAreRefused() {
    Map<String, HostTensor> t = block("1");
    t.putAll(block("01"));
    FileFormatException e = assertThrows(FileFormatException.class, () -> read(t));
    assertTrue(
        e.getMessage()
            .contains("key 'visual.blocks.01.attn.qkv.lora_A' is a second lora_A of block 1"),
        e.getMessage());
  }

  @Test
  void integerTensorsAreRefusedNamingTheKey() {
    Map<String, HostTensor> t = block("0");
    t.put("visual.blocks.0.attn.qkv.lora_A", HostTensor.ofLongs(new long[2 * R * D], 2 * R, D));
    FileFormatException e = assertThrows(FileFormatException.class, () -> read(t));
    assertTrue(
        e.getMessage().contains("tensor 'visual.blocks.0.attn.qkv.lora_A' has dtype I64"),
        e.getMessage());
  }

  @Test
  void rankZeroIsRefusedNamingTheShapes() {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("visual.blocks.0.attn.qkv.lora_A", zeros(0, D));
    t.put("visual.blocks.0.attn.qkv.lora_B", zeros(2 * D, 0));
    FileFormatException e = assertThrows(FileFormatException.class, () -> read(t));
    assertTrue(
        e.getMessage().contains("lora_A [0, 8] and lora_B [16, 0]; expected [2r, D] and [2D, r]"),
        e.getMessage());
  }

  @Test
  void theKeyPrefixOfAnEmptyFileIsAMessage() {
    Path file = dir.resolve("empty.safetensors");
    SafetensorsWriter.write(file, Map.of(), Map.of("format", "pt"));
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> LoraFiles.visftPrefix(file));
    assertTrue(e.getMessage().contains("holds no tensors"), e.getMessage());
  }
}

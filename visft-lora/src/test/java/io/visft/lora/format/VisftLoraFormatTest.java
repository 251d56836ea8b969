package io.visft.lora.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.vit.BlockIndex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisftLoraFormatTest {

  @TempDir Path tmp;

  @Test
  void aBlockIndexBeyondAnyDepthNamesTheKeyAndTheRange() {
    String key = "visual.blocks.99999999999.attn.qkv.lora_A";
    Path file = tmp.resolve("adapter.safetensors");
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put(
        key,
        new HostTensor(
            DType.F32, new long[] {2, 2}, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)));
    SafetensorsWriter.write(file, tensors, Map.of());
    try (SafetensorsFile source = SafetensorsFile.open(file)) {
      assertEquals(
          file
              + ": tensor '"
              + key
              + "' has block index 99999999999; expected 0 to "
              + BlockIndex.MAX
              + " (blocks are numbered from 0, one per layer)",
          assertThrows(FileFormatException.class, () -> VisftLoraFormat.read(source, "visft", 1.0))
              .getMessage());
    }
  }
}

package io.visft.lora.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.FileFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeftAdapterConfigTest {
  @TempDir Path dir;

  /**
   * Expected values from Python: {@code bool(re.match(rf"(.*\.)?({key})$", "blocks.1.attn.qkv"))},
   * PEFT's {@code get_pattern_key}.
   */
  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "qkv => true",
        "attn.qkv => true",
        "attn\\.qkv => true",
        "blocks.1.attn.qkv => true",
        "1.attn.qkv => true",
        "tn.qkv => false",
        "attn => false",
        ".*qkv => true",
        "blocks\\.(1|2)\\.attn\\.qkv => true",
        "blocks\\.2\\.attn\\.qkv => false",
        "q.v => true",
        "^blocks.1.attn.qkv => true",
        "(.*)*(.*)*(.*)*qkv => true"
      })
  void rankPatternKeysMatchModulesAsPeftMatchesThem(String key, boolean matches) throws Exception {
    ObjectNode cfg = new ObjectMapper().createObjectNode().put("peft_type", "LORA").put("r", 4);
    cfg.putObject("rank_pattern").put(key, 16);
    Path file = Files.writeString(dir.resolve("adapter_config.json"), cfg.toString());
    assertEquals(matches ? 16 : 4, PeftAdapterConfig.read(file).rank("blocks.1.attn.qkv"));
  }

  @Test
  void contentAfterTheConfigObjectIsRefused() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 4} {\"r\": 8}");
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> PeftAdapterConfig.read(file));
    assertTrue(
        e.getMessage().contains(file.toString())
            && e.getMessage().contains("content follows the end of the JSON value"),
        e.getMessage());
  }
}

package io.visft.examples.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.core.vit.EvaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Sizes from a train config are checked against the backbone and the memory before anything is
 * allocated.
 */
class TrainSizesTest {
  private static final long HEAP = 6L << 30;
  private static final long MACHINE = 24L << 30;

  @TempDir Path dir;

  private TrainConfig config(String extra, String dataExtra, String loraR) throws Exception {
    Path file = dir.resolve("train.json");
    Files.writeString(
        file,
        """
        {"backbone": {"arch": "eva-vit-g-14", "weights": "eva.safetensors"},
         "data": {"images": "img", "instances": "instances.json", "captions": "captions.json"%s},
         "stage1": {"caption": {"steps": 1}, "detection": {"steps": 1}, "segmentation": {"steps": 1}},
         "stage2": {"steps": 1, "lora": {"r": %s}}, "output": "run"%s}"""
            .formatted(dataExtra, loraR, extra));
    return TrainConfigFile.read(file);
  }

  @Test
  void thePapersSizesFit() throws Exception {
    TrainConfig c = config("", "", "64");
    assertDoesNotThrow(() -> TrainSizes.check(c, EvaConfig.evaVitG14(), HEAP, MACHINE));
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource(
      delimiter = '|',
      value = {
        ", \"batch_size\": 2147483647 |                        | 64        | batch_size",
        ", \"batch_size\": 1000000    |                        | 64        | batch_size",
        "                            | , \"image_size\": 14000 | 64        | data.image_size",
        ", \"batch_size\": 1          | , \"image_size\": 4004  | 64        | data.image_size",
        "                            | , \"image_size\": 100   | 64        | data.image_size",
        "                            |                        | 100000000 | stage2.lora.r",
        "                            |                        | 1408      | stage2.lora.r"
      })
  void aSizeThatCannotFitIsRefusedNamingItsField(
      String extra, String dataExtra, String loraR, String field) throws Exception {
    TrainConfig c = config(extra == null ? "" : extra, dataExtra == null ? "" : dataExtra, loraR);
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> TrainSizes.check(c, EvaConfig.evaVitG14(), HEAP, MACHINE));
    assertTrue(e.getMessage().contains(field + " = "), e.getMessage());
  }
}

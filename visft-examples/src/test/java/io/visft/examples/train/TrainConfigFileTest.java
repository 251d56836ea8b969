package io.visft.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.vit.ActivationRecompute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainConfigFileTest {
  @TempDir Path dir;

  private static final String MINIMAL =
      """
      {"backbone": {"arch": "eva-vit-g-14", "weights": "w/eva.safetensors"},
       "data": {"images": "img", "instances": "ann/instances.json", "captions": "ann/captions.json"},
       "stage1": {"caption": {"steps": 10}, "detection": {"steps": 20}, "segmentation": {"steps": 30, "learning_rate": 1e-4}},
       "stage2": {"steps": 40}, "output": "run"}""";

  @Test
  void fillsThePapersDefaultsAndResolvesPathsAgainstTheFile() throws Exception {
    TrainConfig c = TrainConfigFile.read(write(MINIMAL));
    assertEquals(dir.resolve("w/eva.safetensors"), c.backbone().weights());
    assertEquals(dir.resolve("ann/instances.json"), c.data().instances());
    assertEquals(dir.resolve("run"), c.output());
    assertEquals(224, c.data().imageSize());
    assertEquals(true, c.data().augment());
    assertEquals(true, c.data().keepInMemory());
    assertEquals("fail", c.data().onBadImage());
    assertEquals(List.of("caption", "detection", "segmentation"), c.heads().tasks());
    assertEquals(4e-4, c.stage1().of("caption").learningRate());
    assertEquals(5e-5, c.stage1().of("detection").learningRate());
    assertEquals(1e-4, c.stage1().of("segmentation").learningRate());
    assertEquals(2000, c.stage1().of("caption").warmupSteps());
    assertEquals(1e-5, c.stage2().learningRate());
    assertEquals(
        Map.of("caption", 0.4, "segmentation", 0.3, "detection", 0.3), c.stage2().ratios());
    assertEquals(64, c.stage2().lora().r());
    assertEquals(1.0, c.stage2().lora().alpha());
    assertEquals(0.1, c.clipNorm());
    assertEquals(8, c.batchSize());
    assertEquals(1, c.accumulateSteps());
    assertEquals("cpu", c.device());
  }

  @Test
  void accumulateStepsIsReadAndMustBePositive() throws Exception {
    TrainConfig c =
        TrainConfigFile.read(
            write(
                MINIMAL.replace(
                    "\"output\": \"run\"", "\"output\": \"run\", \"accumulate_steps\": 4")));
    assertEquals(4, c.accumulateSteps());

    Path zero =
        write(
            MINIMAL.replace("\"output\": \"run\"", "\"output\": \"run\", \"accumulate_steps\": 0"));
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(zero));
    assertTrue(
        e.getMessage().contains(zero.toString()) && e.getMessage().contains("accumulate_steps = 0"),
        e.getMessage());
  }

  @Test
  void activationRecomputeIsReadDefaultsToAutoAndIsValidated() throws Exception {
    assertEquals(ActivationRecompute.AUTO, TrainConfigFile.read(write(MINIMAL)).recompute());
    TrainConfig on =
        TrainConfigFile.read(
            write(
                MINIMAL.replace(
                    "\"output\": \"run\"",
                    "\"output\": \"run\", \"activation_recompute\": \"on\"")));
    assertEquals(ActivationRecompute.ON, on.recompute());

    Path bad =
        write(
            MINIMAL.replace(
                "\"output\": \"run\"",
                "\"output\": \"run\", \"activation_recompute\": \"always\""));
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(bad));
    assertTrue(
        e.getMessage().contains(bad.toString())
            && e.getMessage().contains("activation_recompute = 'always'"),
        e.getMessage());
  }

  @Test
  void computePrecisionDefaultsToFp32AndSixteenBitNeedsCuda() throws Exception {
    assertEquals(ComputePrecision.FP32, TrainConfigFile.read(write(MINIMAL)).precision());
    TrainConfig bf16 =
        TrainConfigFile.read(
            write(
                MINIMAL.replace(
                    "\"output\": \"run\"",
                    "\"output\": \"run\", \"device\": \"cuda\", \"compute_precision\": \"bf16\"")));
    assertEquals(ComputePrecision.BF16, bf16.precision());

    Path cpu =
        write(
            MINIMAL.replace(
                "\"output\": \"run\"", "\"output\": \"run\", \"compute_precision\": \"fp16\""));
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(cpu));
    assertTrue(
        e.getMessage().contains(cpu.toString())
            && e.getMessage().contains("compute_precision = 'fp16' needs")
            && e.getMessage().contains("\"device\": \"cuda\""),
        e.getMessage());
    Path bad =
        write(
            MINIMAL.replace(
                "\"output\": \"run\"", "\"output\": \"run\", \"compute_precision\": \"f16\""));
    ConfigException unknown = assertThrows(ConfigException.class, () -> TrainConfigFile.read(bad));
    assertTrue(unknown.getMessage().contains("compute_precision = 'f16'"), unknown.getMessage());
  }

  @Test
  void frozenWeightsIsReadDefaultsToFp32AndIsValidated() throws Exception {
    assertEquals(
        FrozenWeights.Precision.FP32, TrainConfigFile.read(write(MINIMAL)).frozenPrecision());
    TrainConfig int8 =
        TrainConfigFile.read(
            write(
                MINIMAL.replace(
                    "\"output\": \"run\"", "\"output\": \"run\", \"frozen_weights\": \"int8\"")));
    assertEquals(FrozenWeights.Precision.INT8, int8.frozenPrecision());

    Path bad =
        write(
            MINIMAL.replace(
                "\"output\": \"run\"", "\"output\": \"run\", \"frozen_weights\": \"int4\""));
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(bad));
    assertTrue(
        e.getMessage().contains(bad.toString())
            && e.getMessage().contains("frozen_weights = 'int4'")
            && e.getMessage().contains("fp32, int8"),
        e.getMessage());
  }

  @Test
  void anUnknownFieldIsNamedWithItsPathAndTheAllowedOnes() throws Exception {
    Path file = write(MINIMAL.replace("\"steps\": 40", "\"steps\": 40, \"learning_rat\": 1e-5"));
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("stage2.learning_rat"), e.getMessage());
    assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
  }

  @Test
  void aMissingOrInvalidFieldIsNamed() throws Exception {
    Path noSteps = write(MINIMAL.replace("\"detection\": {\"steps\": 20}", "\"detection\": {}"));
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(noSteps));
    assertTrue(e.getMessage().contains("stage1.detection.steps"), e.getMessage());

    Path badSize =
        write(
            MINIMAL.replace(
                "\"output\": \"run\"", "\"output\": \"run\", \"heads\": {\"size\": \"huge\"}"));
    e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(badSize));
    assertTrue(
        e.getMessage().contains("heads.size") && e.getMessage().contains("huge"), e.getMessage());

    Path wrongType = write(MINIMAL.replace("\"steps\": 40", "\"steps\": \"forty\""));
    e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(wrongType));
    assertTrue(e.getMessage().contains("stage2.steps"), e.getMessage());

    Path badPolicy =
        write(
            MINIMAL.replace(
                "\"captions\": \"ann/captions.json\"}",
                "\"captions\": \"ann/captions.json\", \"on_bad_image\": \"ignore\"}"));
    e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(badPolicy));
    assertTrue(
        e.getMessage().contains("on_bad_image") && e.getMessage().contains("ignore"),
        e.getMessage());

    Path noCaptions = write(MINIMAL.replace(", \"captions\": \"ann/captions.json\"", ""));
    e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(noCaptions));
    assertTrue(e.getMessage().contains("data.captions"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "stage2.steps        | \"steps\": 40        | \"steps\": 3.7        | an integer",
        "stage2.steps        | \"steps\": 40        | \"steps\": \"3\"      | an integer",
        "stage2.steps        | \"steps\": 40        | \"steps\": 3000000000 | an integer",
        "batch_size          | \"output\": \"run\"  | \"output\": \"run\", \"batch_size\": 2.5 | an integer",
        "data.augment        | \"images\": \"img\"  | \"images\": \"img\", \"augment\": \"yes\" | true or false",
        "stage2.learning_rate | \"steps\": 40       | \"steps\": 40, \"learning_rate\": \"1e-5\" | a number"
      })
  void aValueOfTheWrongTypeIsRefusedNamingTheFieldAndTheType(
      String field, String from, String to, String type) throws Exception {
    Path file = write(MINIMAL.replace(from, to));
    ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(file));
    assertTrue(
        e.getMessage().contains("'" + field + "'") && e.getMessage().contains("expected " + type),
        e.getMessage());
    for (String jackson :
        new String[] {
          "Cannot deserialize", "java.lang", "coerce", "Numeric value", "through reference chain"
        }) {
      assertFalse(e.getMessage().contains(jackson), "no Jackson wording: " + e.getMessage());
    }
  }

  @Test
  void aTypoInARequiredFieldIsAnUnknownField() throws Exception {
    for (String[] typo :
        new String[][] {
          {"\"steps\": 40", "\"stpes\": 40", "stage2.stpes"},
          {"\"output\": \"run\"", "\"outptu\": \"run\"", "outptu"},
          {"\"backbone\"", "\"backbon\"", "backbon"}
        }) {
      Path file = write(MINIMAL.replace(typo[0], typo[1]));
      ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigFile.read(file));
      assertTrue(
          e.getMessage().contains("unknown field '" + typo[2] + "'")
              && e.getMessage().contains("allowed"),
          e.getMessage());
    }
  }

  @Test
  void brokenJsonIsAFileFormatError() throws Exception {
    Path file = write("{\"backbone\": ");
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> TrainConfigFile.read(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void contentAfterTheConfigAndAnEmptyFileAreRefused() throws Exception {
    Path trailing = write(MINIMAL + " {\"steps\": 3}");
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> TrainConfigFile.read(trailing));
    assertTrue(
        e.getMessage()
            .contains(trailing + " is not valid JSON: content follows the end of the JSON value"),
        e.getMessage());
    Path empty = write("");
    e = assertThrows(FileFormatException.class, () -> TrainConfigFile.read(empty));
    assertTrue(
        e.getMessage().contains("expected a JSON object of train config fields, got an empty file"),
        e.getMessage());
  }

  private Path write(String json) throws Exception {
    Path file = Files.createTempFile(dir, "train", ".json");
    Files.writeString(file, json);
    return file;
  }
}

package io.visft.lora.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.lora.AdaptedBackbone;
import io.visft.lora.AdaptedBackboneParityTest;
import io.visft.lora.Lora;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftLoraFormatTest {
  @TempDir Path dir;

  private static Lora visft() {
    try (SafetensorsFile f =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.safetensors"))) {
      return VisftLoraFormat.read(f, "visft", 1.0);
    }
  }

  /** ΔW [out, in] = scaling · B A, in double. */
  private static double[] delta(float[] b, float[] a, int out, int r, int in, double scaling) {
    double[] d = new double[out * in];
    for (int i = 0; i < out; i++) {
      for (int k = 0; k < r; k++) {
        double bik = b[i * r + k];
        for (int j = 0; j < in; j++) {
          d[i * in + j] += scaling * bik * a[k * in + j];
        }
      }
    }
    return d;
  }

  @Test
  void peftFormulaReproducesTheVisftDeltaOfEveryBlock() throws Exception {
    Lora lora = visft();
    PeftLoraFormat.write(lora, dir);
    JsonNode cfg = new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile());
    assertEquals("LORA", cfg.get("peft_type").asText());
    int r = cfg.get("r").asInt();
    double scaling = cfg.get("lora_alpha").asDouble() / r;
    assertEquals(8, r, "q and v of rank 4 embed as rank 8");
    try (SafetensorsFile peft = SafetensorsFile.open(dir.resolve("adapter_model.safetensors"));
        SafetensorsFile raw =
            SafetensorsFile.open(
                AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.safetensors"))) {
      for (int blk = 0; blk < 2; blk++) {
        String m = "base_model.model.blocks." + blk + ".attn.qkv";
        float[] a = peft.tensor(m + ".lora_A.weight").toFloatArray();
        float[] b = peft.tensor(m + ".lora_B.weight").toFloatArray();
        assertArrayEquals(new long[] {96, 8}, peft.shape(m + ".lora_B.weight"));
        double[] peftDelta = delta(b, a, 96, r, 32, scaling);
        float[] va = raw.tensor("visual.blocks." + blk + ".attn.qkv.lora_A").toFloatArray();
        float[] vb = raw.tensor("visual.blocks." + blk + ".attn.qkv.lora_B").toFloatArray();
        double[] expected = new double[96 * 32];
        double[] dq =
            delta(
                java.util.Arrays.copyOfRange(vb, 0, 32 * 4),
                java.util.Arrays.copyOfRange(va, 0, 4 * 32),
                32,
                4,
                32,
                0.25);
        double[] dv =
            delta(
                java.util.Arrays.copyOfRange(vb, 32 * 4, 64 * 4),
                java.util.Arrays.copyOfRange(va, 4 * 32, 8 * 32),
                32,
                4,
                32,
                0.25);
        System.arraycopy(dq, 0, expected, 0, dq.length);
        System.arraycopy(dv, 0, expected, 64 * 32, dv.length);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], peftDelta[i], 1e-6, "block " + blk + " element " + i);
        }
      }
    }
  }

  @Test
  void roundTripRestoresTheSlicesAndScaling() {
    Lora lora = visft();
    PeftLoraFormat.write(lora, dir);
    Lora back = PeftLoraFormat.read(dir, "back");
    assertEquals(lora.rank(), back.rank());
    assertEquals(lora.scaling(), back.scaling(), 1e-12);
    assertEquals(lora.sites(), back.sites());
    Map<String, HostTensor> a = lora.tensors();
    Map<String, HostTensor> b = back.tensors();
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), k));
  }

  /**
   * A plain PEFT folder (no slice metadata) becomes a whole-layer adapter with the same features.
   */
  @Test
  void plainPeftFolderGivesTheSameFeatures() throws Exception {
    Lora lora = visft();
    PeftLoraFormat.write(lora, dir);
    Path plain = Files.createDirectory(dir.resolve("plain"));
    Files.copy(dir.resolve("adapter_config.json"), plain.resolve("adapter_config.json"));
    Map<String, HostTensor> t = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("adapter_model.safetensors"))) {
      f.names().forEach(n -> t.put(n, HostTensor.ofFloats(f.tensor(n).toFloatArray(), f.shape(n))));
    }
    SafetensorsWriter.write(plain.resolve("adapter_model.safetensors"), t, Map.of("format", "pt"));
    Lora whole = PeftLoraFormat.read(plain, "whole");
    assertEquals(8, whole.rank());
    assertTrue(whole.sites().values().stream().allMatch(s -> s.part() == null));
    var cfg = AdaptedBackboneParityTest.config("g_style");
    try (SafetensorsFile w =
            SafetensorsFile.open(
                AdaptedBackboneParityTest.FIXTURES.resolve("g_style.safetensors"));
        SafetensorsFile in =
            SafetensorsFile.open(
                AdaptedBackboneParityTest.FIXTURES.resolve("g_style_lora_input.safetensors"))) {
      Map<String, HostTensor> weights = AdaptedBackboneParityTest.all(w);
      float[] sliced =
          AdaptedBackbone.features(
                  cfg, weights, lora, in.tensor("pixel_values"), RuntimeOptions.cpu())
              .toFloatArray();
      float[] embedded =
          AdaptedBackbone.features(
                  cfg, weights, whole, in.tensor("pixel_values"), RuntimeOptions.cpu())
              .toFloatArray();
      assertTrue(Evaluate.maxAbsDiff(sliced, embedded) < 1e-5);
    }
  }

  @Test
  void rankAndAlphaPatternsMatchModulesAsPeftDoes() throws Exception {
    Lora lora = visft();
    PeftLoraFormat.write(lora, dir);
    Path plain = Files.createDirectory(dir.resolve("patterns"));
    Map<String, HostTensor> t = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("adapter_model.safetensors"))) {
      f.names().forEach(n -> t.put(n, HostTensor.ofFloats(f.tensor(n).toFloatArray(), f.shape(n))));
    }
    SafetensorsWriter.write(plain.resolve("adapter_model.safetensors"), t, Map.of("format", "pt"));
    ObjectMapper json = new ObjectMapper();
    var cfg =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(dir.resolve("adapter_config.json").toFile());
    int rank = cfg.get("r").asInt();
    double alpha = cfg.get("lora_alpha").asDouble();
    // A global r and alpha that no module uses; the patterns (short names, as users write them)
    // give the real ones.
    cfg.put("r", 4).put("lora_alpha", 99.0);
    cfg.putObject("rank_pattern").put("qkv", rank);
    cfg.putObject("alpha_pattern").put("attn\\.qkv", alpha);
    Files.writeString(plain.resolve("adapter_config.json"), cfg.toString());
    Lora patterned = PeftLoraFormat.read(plain, "patterned");
    assertEquals(rank, patterned.rank());
    assertEquals(lora.scaling(), patterned.scaling(), 1e-12);
    var eva = AdaptedBackboneParityTest.config("g_style");
    try (SafetensorsFile w =
            SafetensorsFile.open(
                AdaptedBackboneParityTest.FIXTURES.resolve("g_style.safetensors"));
        SafetensorsFile in =
            SafetensorsFile.open(
                AdaptedBackboneParityTest.FIXTURES.resolve("g_style_lora_input.safetensors"))) {
      Map<String, HostTensor> weights = AdaptedBackboneParityTest.all(w);
      float[] want =
          AdaptedBackbone.features(
                  eva, weights, lora, in.tensor("pixel_values"), RuntimeOptions.cpu())
              .toFloatArray();
      float[] got =
          AdaptedBackbone.features(
                  eva, weights, patterned, in.tensor("pixel_values"), RuntimeOptions.cpu())
              .toFloatArray();
      assertTrue(Evaluate.maxAbsDiff(want, got) < 1e-5);
    }
    cfg.putObject("rank_pattern").put("proj", rank);
    Files.writeString(plain.resolve("adapter_config.json"), cfg.toString());
    FileFormatException wrongRank =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(plain, "x"));
    assertTrue(
        wrongRank.getMessage().contains("has r = 4 but its tensors"), wrongRank.getMessage());
    cfg.putObject("rank_pattern").put("qkv(", rank);
    Files.writeString(plain.resolve("adapter_config.json"), cfg.toString());
    FileFormatException badRegex =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(plain, "x"));
    assertTrue(
        badRegex.getMessage().contains("rank_pattern key 'qkv(' is not a valid regular expression"),
        badRegex.getMessage());
  }

  @Test
  void rejectsFoldersThatAreNotLoraAdapters() throws Exception {
    FileFormatException missing =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(dir, "x"));
    assertTrue(missing.getMessage().contains("adapter_config.json"), missing.getMessage());
    Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"IA3\", \"r\": 4}");
    FileFormatException ia3 =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(dir, "x"));
    assertTrue(ia3.getMessage().contains("peft_type is 'IA3', expected 'LORA'"), ia3.getMessage());
    Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 0}");
    FileFormatException r =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(dir, "x"));
    assertTrue(r.getMessage().contains("field 'r' must be a positive integer"), r.getMessage());
    Files.writeString(
        dir.resolve("adapter_config.json"),
        "{\"peft_type\": \"LORA\", \"r\": 4, \"use_dora\": true}");
    FileFormatException dora =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(dir, "x"));
    assertTrue(dora.getMessage().contains("use_dora = true: DoRA adapters"), dora.getMessage());
    Files.writeString(
        dir.resolve("adapter_config.json"),
        "{\"peft_type\": \"LORA\", \"r\": 4, \"bias\": \"lora_only\"}");
    FileFormatException bias =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(dir, "x"));
    assertTrue(bias.getMessage().contains("bias = 'lora_only'"), bias.getMessage());
    Files.writeString(
        dir.resolve("adapter_config.json"),
        "{\"peft_type\": \"LORA\", \"r\": 4, \"modules_to_save\": [\"head\"]}");
    FileFormatException saved =
        assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(dir, "x"));
    assertTrue(saved.getMessage().contains("modules_to_save = [\"head\"]"), saved.getMessage());
  }
}

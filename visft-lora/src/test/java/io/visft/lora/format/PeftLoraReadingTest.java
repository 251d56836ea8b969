package io.visft.lora.format;

import static io.visft.lora.format.PeftFolder.keyA;
import static io.visft.lora.format.PeftFolder.keyB;
import static io.visft.lora.format.PeftFolder.module;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.lora.Lora;
import io.visft.lora.LoraSite;
import io.visft.lora.QkvPart;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-edited PEFT folders: the tensors' own shapes are the truth, and metadata or config that
 * disagree with them make the read fail naming the key and both shapes, never a wrong adapter.
 */
class PeftLoraReadingTest {
  private static final int D = 96;
  private static final int R = 8;

  @TempDir Path dir;

  private static PeftFolder folder() {
    return new PeftFolder(2, D, R, 1.0, 7);
  }

  private FileFormatException refused(PeftFolder folder) {
    folder.write(dir);
    return assertThrows(FileFormatException.class, () -> PeftLoraFormat.read(dir, "x"));
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }
  }

  private static String sites(String... moduleParts) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < moduleParts.length; i += 2) {
      s.append(i == 0 ? "" : ",")
          .append("{\"module\":\"")
          .append(moduleParts[i])
          .append("\",\"part\":\"")
          .append(moduleParts[i + 1])
          .append("\"}");
    }
    return s.append("]").toString();
  }

  @Test
  void theUneditedFolderReadsAsItsQAndVSlices() {
    PeftFolder f = folder();
    Lora lora = PeftLoraFormat.read(f.write(dir), "x");
    assertEquals(R, lora.rank());
    assertEquals(1.0 / R, lora.scaling(), 1e-12);
    assertEquals(
        List.of(module(0) + ".q", module(0) + ".v", module(1) + ".q", module(1) + ".v"),
        List.copyOf(lora.sites().keySet()));
    LoraSite v1 = lora.sites().get(module(1) + ".v");
    assertEquals(new LoraSite(module(1), QkvPart.V, D, D, 2 * D), v1);
    float[] a = f.tensors.get(keyA(1)).toFloatArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(a, R * D, 2 * R * D), lora.a(v1));
  }

  /** The case: a lora_B re-declared F16 [288, 32] was read with lora_A as [16, 48]. */
  @Test
  void loraBDeclaredF16WithTwiceTheRankIsRefused() {
    PeftFolder f = folder();
    f.redeclare(keyB(0), DType.F16, 3 * D, 4 * R);
    FileFormatException e = refused(f);
    assertMentions(
        e,
        keyB(0),
        "declares rank 32",
        keyA(0),
        "declares rank 16",
        "lora_A [16, 96]",
        "lora_B [288, 32]");
  }

  /** The case: a lora_A declared [8, 192] was read as [16, 96]. */
  @Test
  void loraADeclaredWithHalfTheRankIsRefused() {
    PeftFolder f = folder();
    f.redeclare(keyA(1), DType.F32, R, 2 * D);
    FileFormatException e = refused(f);
    assertMentions(e, keyA(1), "declares rank 8", "lora_A [8, 192]", "lora_B [288, 16]");
  }

  @Test
  void sitesNamingOnlyBlockZeroAreRefused() {
    PeftFolder f = folder();
    f.metadata.put(PeftLoraFormat.SITES_METADATA, sites(module(0), "Q", module(0), "V"));
    assertMentions(
        refused(f),
        "visft.sites lists 1 module(s)",
        "tensors of 2",
        "not listed: [blocks.1.attn.qkv]");
  }

  @Test
  void sitesNamingAShortModuleNameAreRefused() {
    PeftFolder f = folder();
    f.metadata.put(PeftLoraFormat.SITES_METADATA, sites("qkv", "Q", "qkv", "V"));
    assertMentions(refused(f), "not listed: [blocks.0.attn.qkv, blocks.1.attn.qkv]");
  }

  @Test
  void sitesClaimingQKAndVOfRankSixteenAreRefused() {
    PeftFolder f = folder();
    f.metadata.put(
        PeftLoraFormat.SITES_METADATA,
        sites(
            module(0), "Q", module(0), "K", module(0), "V", module(1), "Q", module(1), "K",
            module(1), "V"));
    assertMentions(
        refused(f),
        "module blocks.0.attn.qkv the 3 slices [Q, K, V]",
        "rank 16, not a multiple of 3");
  }

  @Test
  void sitesNamingTheWrongSlicesAreRefused() {
    PeftFolder f = folder();
    f.metadata.put(
        PeftLoraFormat.SITES_METADATA,
        sites(module(0), "Q", module(0), "K", module(1), "Q", module(1), "K"));
    assertMentions(
        refused(f),
        "module blocks.0.attn.qkv the slices [Q, K]",
        "outside the rows of slice K",
        "the metadata does not describe these tensors");
  }

  @Test
  void sitesRepeatingAPartAreRefused() {
    PeftFolder f = folder();
    f.metadata.put(
        PeftLoraFormat.SITES_METADATA,
        sites(module(0), "Q", module(0), "Q", module(1), "Q", module(1), "V"));
    assertMentions(refused(f), "lists part Q of 'blocks.0.attn.qkv' twice");
  }

  /** The case: "r": 8 with rank-16 tensors read half of each slice. */
  @Test
  void configRankBelowTheTensorsRankIsRefused() {
    PeftFolder f = folder();
    f.config.put("r", R);
    assertMentions(
        refused(f),
        "adapter_config.json: module blocks.0.attn.qkv has r = 8",
        "have rank 16",
        "lora_A [16, 96] and lora_B [288, 16]");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aModuleWithoutLoraBIsRefusedNamingIt(boolean withSites) {
    PeftFolder f = folder();
    f.tensors.remove(keyB(1));
    if (!withSites) {
      f.metadata.remove(PeftLoraFormat.SITES_METADATA);
    }
    assertMentions(
        refused(f), "blocks.1.attn.qkv (no base_model.model.blocks.1.attn.qkv.lora_B.weight)");
  }

  @Test
  void aModuleWithoutLoraAIsRefusedNamingIt() {
    PeftFolder f = folder();
    f.tensors.remove(keyA(0));
    assertMentions(
        refused(f), "blocks.0.attn.qkv (no base_model.model.blocks.0.attn.qkv.lora_A.weight)");
  }

  /**
   * Python's truthiness would read {@code "false"} as true, so strings are refused rather than
   * guessed either way.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\"yes\"", "\"true\"", "\"false\"", "1"})
  void useRsloraMustBeAJsonBoolean(String value) throws Exception {
    PeftFolder f = folder();
    f.config.set("use_rslora", new ObjectMapper().readTree(value));
    assertMentions(refused(f), "use_rslora = " + value + " is not a JSON boolean");
  }

  @Test
  void useRsloraTrueKeepsPeftsScaling() {
    PeftFolder f = folder();
    f.config.put("use_rslora", true).put("lora_alpha", 2 * Math.sqrt(2));
    Lora lora = PeftLoraFormat.read(f.write(dir), "x");
    assertEquals(
        2 * Math.sqrt(2) / Math.sqrt(2 * R),
        lora.scaling(),
        1e-12,
        "PEFT's alpha/√(2r) on the embedded pair");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "{}",
        "42",
        "\"blocks.0.attn.qkv\"",
        "[1, 2]",
        "[{\"part\": \"Q\"}]",
        "[{\"module\": null}]",
        "[{\"module\": \"blocks.0.attn.qkv\", \"part\": \"X\"}]",
        "[{\"module\": \"blocks.0.attn.qkv\", \"part\": 1}]",
        "[{\"module\": \"blocks.0.attn.qkv\", \"part\": \"q\"}]",
        "[{\"module\": \"blocks.0.attn.qkv\", \"side\": \"Q\"}]",
        "not json",
        "",
        "[{\"module\": \"blocks.0.attn.qkv\", \"part\": \"Q\"}] [{\"module\": \"blocks.1.attn.qkv\"}]"
      })
  void malformedSitesGetAMessage(String sites) {
    PeftFolder f = folder();
    f.metadata.put(PeftLoraFormat.SITES_METADATA, sites);
    FileFormatException e = refused(f);
    assertMentions(
        e, "adapter_model.safetensors: metadata visft.sites", "expected a non-empty JSON array of");
    assertFalse(e.getMessage().contains("Exception"), e.getMessage());
  }

  /** PEFT's LoraConfig defaults lora_alpha to 8, whatever r is. */
  @Test
  void missingLoraAlphaIsPeftsDefault() {
    PeftFolder f = folder();
    f.config.remove("lora_alpha");
    f.metadata.remove(PeftLoraFormat.SITES_METADATA);
    Lora lora = PeftLoraFormat.read(f.write(dir), "x");
    assertEquals(8.0 / (2 * R), lora.scaling(), 1e-12);
  }

  @Test
  void aRankPatternKeyThatBacktracksCatastrophicallyFailsWithAMessage() {
    PeftFolder f = folder();
    String evil = "(.*)*".repeat(12) + "!";
    f.config.putObject("rank_pattern").put(evil, 2 * R);
    f.metadata.remove(PeftLoraFormat.SITES_METADATA);
    assertMentions(
        refused(f),
        "rank_pattern key '" + evil + "' took more than 1000000 steps to match 'blocks.0.attn.qkv'",
        "catastrophic backtracking");
  }

  @Test
  void anAlphaPatternKeyWithHugeCountedRepetitionsIsRefused() {
    PeftFolder f = folder();
    f.config.putObject("alpha_pattern").put("(){100000}qkv", 2.0);
    f.metadata.remove(PeftLoraFormat.SITES_METADATA);
    assertMentions(
        refused(f), "alpha_pattern key '(){100000}qkv' has counted repetitions", "more than 10000");
  }
}

package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.testing.Similarity;
import io.visft.lora.format.PeftLoraFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first errors a command-line user meets name the problem in the command line's own terms. */
class CommandLineMessagesTest {
  private static final Path FIX = CommandLineTest.FIX;

  @TempDir Path dir;

  /** Exit code, standard output and standard error of one run. */
  record Outcome(int code, String out, String err) {}

  static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = VisftCommand.execute(args);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  /** The error line the command printed (log lines aside). */
  static String error(Outcome o) {
    return o.err()
        .lines()
        .filter(l -> l.startsWith("visft: "))
        .findFirst()
        .orElse("no 'visft:' line in:\n" + o.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String f(String name) {
    return FIX.resolve(name).toString();
  }

  @Test
  void anAdapterForAnotherBackboneGetsTheSameClearMessageInFeaturesAndMerge() {
    Outcome features =
        run(
            "features",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--lora",
            f("e_style_visft_lora.pt"),
            "--input",
            f("g_style_lora_input.safetensors"),
            "--output",
            dir.resolve("f.safetensors").toString());
    Outcome merge =
        run(
            "lora",
            "merge",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--lora",
            f("e_style_visft_lora.pt"),
            "--output",
            dir.resolve("m.safetensors").toString());
    assertEquals(1, features.code(), features.err());
    assertEquals(1, merge.code(), merge.err());
    assertTrue(
        error(merge).contains("does not fit") && error(merge).contains("blocks.0.attn.qkv"),
        merge.err());
    assertEquals(
        error(merge), error(features), "features and lora merge report a mismatched adapter alike");
  }

  @Test
  void aCheckpointShallowerThanTheArchitectureNamesTheFlag() throws Exception {
    Path deeper =
        Files.writeString(
            dir.resolve("deeper.json"),
            Files.readString(FIX.resolve("g_style.json")).replace("\"depth\": 2", "\"depth\": 3"));
    Outcome o =
        run(
            "features",
            "--arch",
            deeper.toString(),
            "--weights",
            f("g_style.safetensors"),
            "--input",
            f("g_style_lora_input.safetensors"),
            "--output",
            dir.resolve("f.safetensors").toString());
    assertEquals(1, o.code(), o.err());
    assertTrue(o.err().contains("--allow-lavis-layout"), o.err());
    assertFalse(
        o.err().contains("EvaLoadOptions"), "no Java call in a command-line message: " + o.err());
  }

  @Test
  void anUnknownRecomputeSettingNamesTheOption() {
    Outcome o =
        run(
            "lora",
            "grad",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--lora",
            f("g_style_visft_lora.pt"),
            "--input",
            f("g_style_lora_input.safetensors"),
            "--cotangent",
            f("g_style_lora_cotangent.safetensors"),
            "--output",
            dir.resolve("g.safetensors").toString(),
            "--recompute",
            "yes");
    assertEquals(1, o.code(), o.err());
    assertTrue(error(o).contains("--recompute = 'yes'"), o.err());
  }

  @Test
  void sixteenBitPrecisionOnCpuIsRefusedNamingTheDeviceOption() {
    Outcome o =
        run(
            "features",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--input",
            f("g_style_square_input.safetensors"),
            "--output",
            dir.resolve("f.safetensors").toString(),
            "--compute-precision",
            "fp16");
    assertEquals(1, o.code(), o.err());
    assertTrue(
        error(o).contains("compute precision fp16 needs the CUDA provider, --device cuda"),
        o.err());
    assertFalse(
        o.err().contains("RuntimeOptions"), "no Java call in a command-line message: " + o.err());
    Outcome bad =
        run(
            "features",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--input",
            f("g_style_square_input.safetensors"),
            "--output",
            dir.resolve("f.safetensors").toString(),
            "--compute-precision",
            "half");
    assertEquals(1, bad.code(), bad.err());
    assertTrue(error(bad).contains("--compute-precision = 'half'"), bad.err());
  }

  @Test
  void anUnknownFrozenWeightsSettingNamesTheOptionAndInt8OnCudaIsRefused() {
    Outcome o =
        run(
            "features",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--input",
            f("g_style_lora_input.safetensors"),
            "--output",
            dir.resolve("f.safetensors").toString(),
            "--frozen-weights",
            "int4");
    assertEquals(1, o.code(), o.err());
    assertTrue(
        error(o).contains("--frozen-weights = 'int4'") && error(o).contains("fp32, int8"), o.err());
    Outcome cuda =
        run(
            "lora",
            "grad",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--lora",
            f("g_style_visft_lora.pt"),
            "--input",
            f("g_style_lora_input.safetensors"),
            "--cotangent",
            f("g_style_lora_cotangent.safetensors"),
            "--output",
            dir.resolve("g.safetensors").toString(),
            "--device",
            "cuda",
            "--frozen-weights",
            "int8");
    assertEquals(1, cuda.code(), cuda.err());
    assertTrue(
        error(cuda).contains("CPU only") && error(cuda).contains("--device cpu"), cuda.err());
  }

  @Test
  void int8FrozenWeightsGiveFeaturesCloseToFp32OnTheCommandLine() throws Exception {
    Path fp32 = dir.resolve("fp32.safetensors");
    Path int8 = dir.resolve("int8.safetensors");
    for (String[] run :
        List.of(new String[] {"fp32", fp32.toString()}, new String[] {"int8", int8.toString()})) {
      Outcome o =
          run(
              "features",
              "--arch",
              f("g_style.json"),
              "--weights",
              f("g_style.safetensors"),
              "--input",
              f("g_style_lora_input.safetensors"),
              "--output",
              run[1],
              "--frozen-weights",
              run[0]);
      assertEquals(0, o.code(), o.err());
    }
    try (SafetensorsFile a = SafetensorsFile.open(fp32);
        SafetensorsFile b = SafetensorsFile.open(int8)) {
      double cosine =
          Similarity.cosine(
              a.tensor("features").toFloatArray(), b.tensor("features").toFloatArray());
      assertTrue(cosine >= 0.99 && cosine < 1, "int8 features cosine vs fp32 " + cosine);
    }
  }

  @Test
  void cudaWithoutCudaAdvisesTheDeviceOption() {
    assumeFalse(
        Files.exists(Path.of("/proc/driver/nvidia/version")),
        "this machine has an NVIDIA driver, so CUDA may load and the message cannot be provoked");
    Outcome o =
        run(
            "features",
            "--arch",
            f("g_style.json"),
            "--weights",
            f("g_style.safetensors"),
            "--input",
            f("g_style_lora_input.safetensors"),
            "--output",
            dir.resolve("f.safetensors").toString(),
            "--device",
            "cuda:0");
    assertEquals(1, o.code(), o.err());
    assertTrue(o.err().contains("--device cpu"), o.err());
    assertFalse(o.err().contains("-Dvisft.device"), o.err());
  }

  @Test
  void aTrainBatchLargerThanMemoryIsRefusedNamingTheField() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("train.json"),
            """
        {"backbone": {"arch": "%s", "weights": "%s"},
         "data": {"images": "img", "instances": "instances.json", "captions": "captions.json"},
         "stage1": {"caption": {"steps": 1}, "detection": {"steps": 1}, "segmentation": {"steps": 1}},
         "stage2": {"steps": 1}, "batch_size": 2147483647, "output": "run"}"""
                .formatted(
                    FIX.resolve("g_style.json").toAbsolutePath(),
                    FIX.resolve("g_style.safetensors").toAbsolutePath()));
    Outcome o = run("train", "--config", config.toString());
    assertEquals(1, o.code(), o.err());
    assertTrue(error(o).startsWith("visft: batch_size = 2147483647"), o.err());
    assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
  }

  @Test
  void loraAlphaHasOneNameWithAliasOnEveryCommand() throws Exception {
    for (String[] command :
        new String[][] {
          {"features"}, {"eval-ood"}, {"lora", "convert"}, {"lora", "merge"}, {"lora", "grad"}
        }) {
      Outcome help = run(concat(command, new String[] {"--help"}));
      assertEquals(0, help.code(), help.err());
      String text = help.out().replaceAll("\\s+", " ");
      assertTrue(
          text.contains("[--lora-alpha=<alpha>]") && text.contains("Alias: --alpha."),
          String.join(" ", command) + " help:\n" + help.out());
    }
    List<String> configs = new ArrayList<>();
    for (String name : new String[] {"--lora-alpha", "--alpha", "--lora-alpha"}) {
      Path peft = dir.resolve("peft" + configs.size());
      String[] alpha = configs.size() < 2 ? new String[] {name, "2"} : new String[0];
      Outcome o =
          run(
              concat(
                  new String[] {
                    "lora",
                    "convert",
                    "--input",
                    f("g_style_visft_lora.pt"),
                    "--output",
                    peft.toString()
                  },
                  alpha));
      assertEquals(0, o.code(), o.err());
      configs.add(Files.readString(peft.resolve(PeftLoraFormat.CONFIG_FILE)));
      Outcome features =
          run(
              concat(
                  new String[] {
                    "features",
                    "--arch",
                    f("g_style.json"),
                    "--weights",
                    f("g_style.safetensors"),
                    "--lora",
                    f("g_style_visft_lora.pt"),
                    "--input",
                    f("g_style_lora_input.safetensors"),
                    "--output",
                    dir.resolve("f" + configs.size() + ".safetensors").toString()
                  },
                  alpha));
      assertEquals(0, features.code(), features.err());
    }
    assertEquals(
        configs.get(0), configs.get(1), "--alpha 2 and --lora-alpha 2 write the same adapter");
    assertNotEquals(
        configs.get(0), configs.get(2), "alpha 2 and the default alpha 1 write different adapters");
  }
}

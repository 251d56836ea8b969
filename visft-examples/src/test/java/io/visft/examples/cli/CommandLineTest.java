package io.visft.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.lora.format.PeftLoraFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The visft commands on the PyTorch fixtures of tools/fixtures/eva_fixture.py, as a user runs them.
 */
class CommandLineTest {
  static final Path FIX = Path.of("../visft-core/src/test/resources/fixtures/eva");

  @TempDir Path dir;

  private static String f(String name) {
    return FIX.resolve(name).toString();
  }

  private static void assertClose(Path got, String gotKey, Path want, String wantKey) {
    try (SafetensorsFile g = SafetensorsFile.open(got);
        SafetensorsFile w = SafetensorsFile.open(want)) {
      float[] a = g.tensor(gotKey).toFloatArray();
      float[] b = w.tensor(wantKey).toFloatArray();
      assertEquals(b.length, a.length, gotKey);
      double max = 0;
      double diff = 0;
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs(b[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      assertTrue(diff <= 1e-4 * max, gotKey + ": max |diff| " + diff + " > 1e-4 * " + max);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "g_style.safetensors, g_style_nonsquare_features.safetensors, g_style",
    "g_style_clip.pt, g_style_square_features.safetensors, g_style",
    "e_style_clip.pt, e_style_nonsquare_features_f16weights.safetensors, e_style"
  })
  void featuresMatchPyTorchFromSafetensorsAndClipCheckpoints(
      String weights, String expected, String style) {
    String input =
        expected.contains("nonsquare")
            ? style + "_nonsquare_input.safetensors"
            : style + "_square_input.safetensors";
    Path out = dir.resolve("features.safetensors");
    int code =
        VisftCommand.execute(
            "features",
            "--arch",
            f(style + ".json"),
            "--weights",
            f(weights),
            "--input",
            f(input),
            "--output",
            out.toString());
    assertEquals(0, code);
    assertClose(out, "features", FIX.resolve(expected), "features");
  }

  @ParameterizedTest
  @CsvSource({"g_style", "e_style"})
  void loraCommandsMatchPyTorch(String style) {
    Path feats = dir.resolve("f.safetensors");
    assertEquals(
        0,
        VisftCommand.execute(
            "features",
            "--arch",
            f(style + ".json"),
            "--weights",
            f(style + ".safetensors"),
            "--lora",
            f(style + "_visft_lora.pt"),
            "--input",
            f(style + "_lora_input.safetensors"),
            "--output",
            feats.toString()));
    assertClose(feats, "features", FIX.resolve(style + "_lora_features.safetensors"), "features");

    // Stored activations, then recomputed ones (--recompute on): the same gradients.
    for (List<String> recompute : List.of(List.<String>of(), List.of("--recompute", "on"))) {
      Path grads = dir.resolve("g" + recompute.size() + ".safetensors");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "lora",
                  "grad",
                  "--arch",
                  f(style + ".json"),
                  "--weights",
                  f(style + ".safetensors"),
                  "--lora",
                  f(style + "_visft_lora.pt"),
                  "--input",
                  f(style + "_lora_input.safetensors"),
                  "--cotangent",
                  f(style + "_lora_cotangent.safetensors"),
                  "--output",
                  grads.toString()));
      args.addAll(recompute);
      assertEquals(0, VisftCommand.execute(args.toArray(String[]::new)), "lora grad " + recompute);
      for (int blk = 0; blk < 2; blk++) {
        for (String ab : new String[] {"A", "B"}) {
          String key = "visual.blocks." + blk + ".attn.qkv.lora_" + ab;
          assertClose(grads, key, FIX.resolve(style + "_lora_grads.safetensors"), key);
        }
      }
    }

    Path merged = dir.resolve("merged.safetensors");
    assertEquals(
        0,
        VisftCommand.execute(
            "lora",
            "merge",
            "--arch",
            f(style + ".json"),
            "--weights",
            f(style + ".safetensors"),
            "--lora",
            f(style + "_visft_lora.pt"),
            "--output",
            merged.toString()));
    for (int blk = 0; blk < 2; blk++) {
      String key = "blocks." + blk + ".attn.qkv.weight";
      assertClose(merged, key, FIX.resolve(style + "_lora_merged_qkv.safetensors"), key);
    }

    Path peft = dir.resolve("peft");
    assertEquals(
        0,
        VisftCommand.execute(
            "lora",
            "convert",
            "--input",
            f(style + "_visft_lora.pt"),
            "--output",
            peft.toString()));
    assertTrue(Files.exists(peft.resolve(PeftLoraFormat.CONFIG_FILE)));
    Path viaPeft = dir.resolve("f2.safetensors");
    assertEquals(
        0,
        VisftCommand.execute(
            "features",
            "--arch",
            f(style + ".json"),
            "--weights",
            f(style + ".safetensors"),
            "--lora",
            peft.toString(),
            "--input",
            f(style + "_lora_input.safetensors"),
            "--output",
            viaPeft.toString()));
    assertClose(viaPeft, "features", FIX.resolve(style + "_lora_features.safetensors"), "features");
  }

  @Test
  void helpDocumentsEveryOptionAndErrorsNameTheProblem() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      assertEquals(0, VisftCommand.execute("features", "--help"));
    } finally {
      System.setOut(old);
    }
    String help = buf.toString();
    for (String option :
        new String[] {"--arch", "--weights", "--input", "--output", "--lora", "--device"}) {
      assertTrue(help.contains(option), "help lacks " + option + ":\n" + help);
    }
    assertEquals(
        1,
        VisftCommand.execute(
            "features",
            "--arch",
            "eva-vit-q-14",
            "--weights",
            f("g_style.safetensors"),
            "--input",
            f("g_style_square_input.safetensors"),
            "--output",
            dir.resolve("x").toString()));
  }
}

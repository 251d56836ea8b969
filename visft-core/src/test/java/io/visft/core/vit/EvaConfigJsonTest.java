package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaConfigJsonTest {

  private static final String G_BODY =
      "\"embed_dim\": 1408, \"depth\": 40, \"num_heads\": 16,"
          + " \"mlp_hidden_dim\": 6144, \"patch_size\": 14, \"pos_embed_grid\": 16,"
          + " \"post_norm\": false, \"layer_norm_eps\": 1e-6";

  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path file = dir.resolve("eva.json");
    Files.writeString(file, json);
    return file;
  }

  private String failure(Class<? extends RuntimeException> type, String json) throws IOException {
    Path file = write(json);
    String message = assertThrows(type, () -> EvaConfig.fromJson(file)).getMessage();
    assertTrue(message.contains(file.toString()), "names the file: " + message);
    return message;
  }

  @Test
  void readsTheGPreset() throws IOException {
    assertEquals(EvaConfig.evaVitG14(), EvaConfig.fromJson(write("{" + G_BODY + "}")));
  }

  @Test
  void finalNormIsOptionalAndReadWhenGiven() throws IOException {
    EvaConfig lavis =
        EvaConfig.fromJson(
            write(
                "{"
                    + G_BODY.replace("\"depth\": 40", "\"depth\": 39")
                    + ", \"final_norm\": false}"));
    assertEquals(39, lavis.depth());
    assertFalse(lavis.finalNorm());
  }

  @Test
  void unknownKeysAreNamedWithTheValidKeys() throws IOException {
    String message =
        failure(ConfigException.class, "{" + G_BODY + ", \"mlp_ratio\": 4.36, \"heads\": 16}");
    assertTrue(message.contains("unknown key \"mlp_ratio\""), message);
    assertTrue(message.contains("unknown key \"heads\""), message);
    assertTrue(
        message.contains(
            "[embed_dim, depth, num_heads, mlp_hidden_dim, patch_size, "
                + "pos_embed_grid, post_norm, layer_norm_eps, final_norm]"),
        message);
  }

  @Test
  void everyMissingKeyIsNamed() throws IOException {
    String message =
        failure(ConfigException.class, "{\"embed_dim\": 1408, \"depth\": 40, \"num_heads\": 16}");
    for (String key :
        new String[] {
          "mlp_hidden_dim", "patch_size", "pos_embed_grid", "post_norm", "layer_norm_eps"
        }) {
      assertTrue(message.contains("missing key \"" + key + "\""), message);
    }
    assertFalse(message.contains("missing key \"depth\""), message);
    assertFalse(message.contains("missing key \"final_norm\""), message);
  }

  @Test
  void wrongTypesAreNamedWithWhatWasFound() throws IOException {
    String message =
        failure(
            ConfigException.class,
            "{"
                + G_BODY
                    .replace("\"depth\": 40", "\"depth\": \"40\"")
                    .replace("\"patch_size\": 14", "\"patch_size\": 14.5")
                    .replace("\"post_norm\": false", "\"post_norm\": 0")
                    .replace("\"layer_norm_eps\": 1e-6", "\"layer_norm_eps\": \"1e-6\"")
                    .replace("\"embed_dim\": 1408", "\"embed_dim\": 99999999999")
                + "}");
    assertTrue(message.contains("key \"depth\" must be an integer, found string \"40\""), message);
    assertTrue(
        message.contains("key \"patch_size\" must be an integer, found number 14.5"), message);
    assertTrue(
        message.contains("key \"post_norm\" must be true or false, found number 0"), message);
    assertTrue(
        message.contains("key \"layer_norm_eps\" must be a number, found string \"1e-6\""),
        message);
    assertTrue(
        message.contains(
            "key \"embed_dim\" must be an integer, found integer out of range 99999999999"),
        message);
  }

  @Test
  void ruleViolationsNameTheFileAndTheField() throws IOException {
    String message =
        failure(
            ConfigException.class,
            "{" + G_BODY.replace("\"num_heads\": 16", "\"num_heads\": 15") + "}");
    assertTrue(message.contains("num_heads = 15; it must divide embed_dim = 1408"), message);
  }

  @Test
  void malformedJsonIsAFileFormatErrorWithItsLocation() throws IOException {
    String message = failure(FileFormatException.class, "{\"embed_dim\": 1408,\n \"depth\" 40}");
    assertTrue(message.contains("not valid JSON"), message);
    assertTrue(message.contains("line 2"), message);
  }

  @Test
  void contentAfterTheObjectIsRejected() throws IOException {
    String message = failure(FileFormatException.class, "{" + G_BODY + "}\n{\"depth\": 39}");
    assertTrue(
        message.contains("not valid JSON: content follows the end of the JSON value"), message);
    assertTrue(message.contains("line 2"), message);
  }

  @Test
  void duplicateKeysAreRejected() throws IOException {
    String message = failure(FileFormatException.class, "{" + G_BODY + ", \"depth\": 39}");
    assertTrue(message.contains("depth"), message);
  }

  @Test
  void aRootThatIsNotAnObjectIsRejected() throws IOException {
    String message = failure(ConfigException.class, "[1408, 40]");
    assertTrue(message.contains("must hold a JSON object"), message);
    assertTrue(message.contains("found array [1408,40]"), message);
  }

  @Test
  void anEmptyFileIsRejected() throws IOException {
    String message = failure(ConfigException.class, "");
    assertTrue(message.contains("found no content (the file is empty)"), message);
  }

  @Test
  void anUnreadableFileIsNamed() {
    Path absent = dir.resolve("absent.json");
    String message =
        assertThrows(ConfigException.class, () -> EvaConfig.fromJson(absent)).getMessage();
    assertTrue(message.contains(absent.toString()) && message.contains("cannot be read"), message);
  }
}

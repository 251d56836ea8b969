package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaWeightNamesTest {

  /** D = 8, depth 2, heads 2, H = 20, patch 4, grid 3. */
  private static final EvaConfig TINY = new EvaConfig(8, 2, 2, 20, 4, 3, false, 1e-6);

  @Test
  void timmNamesAndShapes() {
    Map<String, long[]> shapes = EvaWeightNames.expectedShapes(TINY);
    assertArrayEquals(new long[] {8, 3, 4, 4}, shapes.get("patch_embed.proj.weight"));
    assertArrayEquals(new long[] {8}, shapes.get("patch_embed.proj.bias"));
    assertArrayEquals(new long[] {1, 10, 8}, shapes.get("pos_embed"));
    for (int i = 0; i < 2; i++) {
      String b = "blocks." + i + ".";
      assertArrayEquals(new long[] {8}, shapes.get(b + "norm1.weight"));
      assertArrayEquals(new long[] {8}, shapes.get(b + "norm1.bias"));
      assertArrayEquals(new long[] {24, 8}, shapes.get(b + "attn.qkv.weight"));
      assertArrayEquals(new long[] {8}, shapes.get(b + "attn.q_bias"));
      assertArrayEquals(new long[] {8}, shapes.get(b + "attn.v_bias"));
      assertArrayEquals(new long[] {8, 8}, shapes.get(b + "attn.proj.weight"));
      assertArrayEquals(new long[] {8}, shapes.get(b + "attn.proj.bias"));
      assertArrayEquals(new long[] {8}, shapes.get(b + "norm2.weight"));
      assertArrayEquals(new long[] {8}, shapes.get(b + "norm2.bias"));
      assertArrayEquals(new long[] {20, 8}, shapes.get(b + "mlp.fc1.weight"));
      assertArrayEquals(new long[] {20}, shapes.get(b + "mlp.fc1.bias"));
      assertArrayEquals(new long[] {8, 20}, shapes.get(b + "mlp.fc2.weight"));
      assertArrayEquals(new long[] {8}, shapes.get(b + "mlp.fc2.bias"));
    }
    assertArrayEquals(new long[] {8}, shapes.get("norm.weight"));
    assertArrayEquals(new long[] {8}, shapes.get("norm.bias"));
    assertEquals(3 + 13 * 2 + 2, shapes.size(), "no other names: " + shapes.keySet());
  }

  @Test
  void namesComeInModuleOrder() {
    List<String> names = List.copyOf(EvaWeightNames.expectedShapes(TINY).keySet());
    assertEquals(
        List.of(
            "patch_embed.proj.weight",
            "patch_embed.proj.bias",
            "pos_embed",
            "blocks.0.norm1.weight"),
        names.subList(0, 4));
    assertEquals("blocks.1.mlp.fc2.bias", names.get(names.size() - 3));
    assertEquals(
        List.of("norm.weight", "norm.bias"), names.subList(names.size() - 2, names.size()));
  }

  @Test
  void noFinalNormWithoutIt() {
    Map<String, long[]> shapes = EvaWeightNames.expectedShapes(TINY.withFinalNorm(false));
    assertFalse(shapes.containsKey("norm.weight"));
    assertFalse(shapes.containsKey("norm.bias"));
    assertEquals(3 + 13 * 2, shapes.size());
  }

  @Test
  void keysMatchTheirScope() {
    assertEquals("blocks.7.attn.qkv.weight", EvaParam.QKV_WEIGHT.key(7));
    assertEquals("norm.bias", EvaParam.FINAL_NORM_BIAS.key());
    assertThrows(IllegalStateException.class, EvaParam.QKV_WEIGHT::key);
    assertThrows(IllegalStateException.class, () -> EvaParam.POS_EMBED.key(0));
    assertThrows(IllegalArgumentException.class, () -> EvaParam.Q_BIAS.key(-1));
  }
}

package io.visft.core.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.TensorSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyCheckTest {

  private static final EvaConfig TINY = new EvaConfig(8, 2, 2, 20, 4, 3, false, 1e-6);
  private static final EvaLoadOptions STRICT = EvaLoadOptions.defaults();

  private static String failure(
      Map<String, long[]> shapes, EvaConfig config, EvaLoadOptions options) {
    return assertThrows(
            FileFormatException.class, () -> KeyCheck.check("ckpt.pth", shapes, config, options))
        .getMessage();
  }

  @ParameterizedTest(name = "prefix \"{0}\"")
  @ValueSource(
      strings = {"", "visual.", "module.", "state_dict.", "module.visual.", "state_dict.visual."})
  void findsTheBackboneUnderEveryKnownPrefix(String prefix) {
    EvaWeightsLayout layout =
        KeyCheck.check("ckpt.pth", WeightShapes.backbone(prefix, TINY), TINY, STRICT);
    assertEquals(prefix, layout.prefix());
    assertEquals(TINY, layout.config());
    assertEquals(EvaWeightNames.expectedShapes(TINY).keySet(), layout.checkpointKeys().keySet());
    assertEquals(
        prefix + "blocks.1.attn.qkv.weight", layout.checkpointKey("blocks.1.attn.qkv.weight"));
    assertTrue(layout.ignored().isEmpty());
    assertTrue(layout.unexpected().isEmpty());
  }

  @Test
  void evaClipTowersAndExtrasAreIgnoredNotUnexpected() {
    Map<String, long[]> shapes = WeightShapes.backbone("visual.", TINY);
    shapes.put("visual.cls_token", new long[] {1, 1, 8});
    shapes.put("visual.head.weight", new long[] {4, 8});
    shapes.put("visual.head.bias", new long[] {4});
    shapes.put("text.transformer.resblocks.0.attn.in_proj_weight", new long[] {12, 4});
    shapes.put("text.positional_embedding", new long[] {77, 4});
    shapes.put("logit_scale", new long[] {});
    EvaWeightsLayout layout = KeyCheck.check("eva_clip.pt", shapes, TINY, STRICT);
    assertEquals("visual.", layout.prefix());
    assertEquals(
        Set.of(
            "visual.cls_token",
            "visual.head.weight",
            "visual.head.bias",
            "text.transformer.resblocks.0.attn.in_proj_weight",
            "text.positional_embedding",
            "logit_scale"),
        Set.copyOf(layout.ignored()));
    assertTrue(layout.unexpected().isEmpty());
  }

  @Test
  void textTowerAndLogitScaleAreIgnoredWithoutAPrefixToo() {
    Map<String, long[]> shapes = WeightShapes.backbone("", TINY);
    shapes.put("text.token_embedding.weight", new long[] {10, 4});
    shapes.put("logit_scale", new long[] {});
    assertEquals(
        List.of("text.token_embedding.weight", "logit_scale"),
        KeyCheck.check("ckpt.pth", shapes, TINY, STRICT).ignored());
  }

  @Test
  void everyProblemIsReportedInOneMessage() {
    Map<String, long[]> shapes = WeightShapes.backbone("visual.", TINY);
    shapes.remove("visual.blocks.0.attn.q_bias");
    shapes.remove("visual.norm.bias");
    shapes.put("visual.blocks.1.attn.qkv.weight", new long[] {16, 8});
    shapes.put("visual.pos_embed", new long[] {1, 17, 8});
    shapes.put("visual.blocks.0.attn.relative_position_bias_table", new long[] {732, 2});
    shapes.put("visual.blocks.1.gamma_1", new long[] {8});
    String message = failure(shapes, TINY, STRICT);
    assertTrue(
        message.startsWith("Checkpoint ckpt.pth (backbone prefix \"visual.\") does not match"),
        message);
    assertTrue(message.contains("2 missing, 2 unexpected, 2 shape mismatches."), message);
    assertTrue(message.contains("\n  blocks.0.attn.q_bias [8]"), message);
    assertTrue(message.contains("\n  norm.bias [8]"), message);
    assertTrue(
        message.contains("\n  blocks.0.attn.relative_position_bias_table [732, 2]"), message);
    assertTrue(message.contains("\n  blocks.1.gamma_1 [8]"), message);
    assertTrue(
        message.contains("blocks.1.attn.qkv.weight: checkpoint [16, 8], expected [24, 8]"),
        message);
    assertTrue(message.contains("pos_embed: checkpoint [1, 17, 8], expected [1, 10, 8]"), message);
    assertTrue(message.contains("pos_embed_grid 4 (config: 3)"), message);
  }

  @Test
  void aWiderCheckpointGetsItsDimensionsNamed() {
    String message =
        failure(
            WeightShapes.backbone("", new EvaConfig(16, 2, 2, 40, 4, 3, false, 1e-6)),
            TINY,
            STRICT);
    assertTrue(
        message.contains("embed_dim 16 (config: 8), mlp_hidden_dim 40 (config: 20)"), message);
    assertTrue(message.contains("EvaConfigInference.infer"), message);
  }

  @Test
  void lavisLayoutIsRecognisedAndTheFixIsNamed() {
    String message = failure(WeightShapes.lavisEvaVitG(), EvaConfig.evaVitG14(), STRICT);
    assertTrue(message.contains("15 missing, 0 unexpected, 0 shape mismatches"), message);
    for (String name : EvaWeightNames.expectedShapes(TINY).keySet()) {
      if (name.startsWith("blocks.1.")) {
        assertTrue(
            message.contains("\n  " + name.replace("blocks.1.", "blocks.39.") + " ["), message);
      }
    }
    assertTrue(
        message.contains("\n  norm.weight [1408]") && message.contains("\n  norm.bias [1408]"),
        message);
    assertTrue(
        message.contains(
            "The checkpoint holds 39 blocks (blocks.0 to blocks.38) and no final norm"),
        message);
    assertTrue(message.contains("the config expects 40 blocks and a final norm"), message);
    assertTrue(message.contains("LAVIS eva_vit_g.pth"), message);
    assertTrue(
        message.contains("EvaLoadOptions.defaults().withDepthFromCheckpoint(true)"), message);
    assertTrue(message.contains("\"depth\": 39, \"final_norm\": false"), message);
  }

  @Test
  void lavisLoadsWithDepthFromTheCheckpoint() {
    EvaWeightsLayout layout =
        KeyCheck.check(
            "eva_vit_g.pth",
            WeightShapes.lavisEvaVitG(),
            EvaConfig.evaVitG14(),
            STRICT.withDepthFromCheckpoint(true));
    assertEquals(EvaConfig.evaVitG14().withDepth(39).withFinalNorm(false), layout.config());
    assertEquals(List.of("cls_token"), layout.ignored());
    assertEquals(3 + 13 * 39, layout.checkpointKeys().size());
    assertThrows(IllegalArgumentException.class, () -> layout.checkpointKey("norm.weight"));
  }

  @Test
  void lavisLoadsWithAnExplicitConfig() {
    EvaConfig lavis = EvaConfig.evaVitG14().withDepth(39).withFinalNorm(false);
    assertEquals(
        lavis,
        KeyCheck.check("eva_vit_g.pth", WeightShapes.lavisEvaVitG(), lavis, STRICT).config());
  }

  @Test
  void depthFromTheCheckpointStillChecksEveryOtherDimension() {
    Map<String, long[]> shapes = WeightShapes.lavisEvaVitG();
    shapes.put("blocks.5.mlp.fc1.weight", new long[] {6000, 1408});
    String message = failure(shapes, EvaConfig.evaVitG14(), STRICT.withDepthFromCheckpoint(true));
    assertTrue(message.contains("0 missing, 0 unexpected, 1 shape mismatches"), message);
    assertTrue(
        message.contains("blocks.5.mlp.fc1.weight: checkpoint [6000, 1408], expected [6144, 1408]"),
        message);
    assertFalse(
        message.contains("LAVIS"),
        "depth and final norm already taken from the checkpoint: " + message);
  }

  @Test
  void extraBlocksAreUnexpectedAndNamedInTheDepthHint() {
    Map<String, long[]> shapes = WeightShapes.backbone("", TINY.withDepth(3));
    String message = failure(shapes, TINY, STRICT);
    assertTrue(message.contains("0 missing, 13 unexpected, 0 shape mismatches"), message);
    assertTrue(message.contains("holds 3 blocks (blocks.0 to blocks.2) and a final norm"), message);
    assertFalse(message.contains("LAVIS"), message);
  }

  @Test
  void twoHundredThousandUnexpectedNamesGiveAShortMessage() {
    Map<String, long[]> shapes = WeightShapes.backbone("", TINY);
    for (int i = 0; i < 200_000; i++) {
      shapes.put("extra.tensor_" + i, new long[] {1});
    }
    String message = failure(shapes, TINY, STRICT);
    assertTrue(message.contains("200000 unexpected"), message);
    assertTrue(message.contains("Unexpected (200000):\n  extra.tensor_0 [1]\n"), message);
    assertTrue(message.contains("\n  extra.tensor_9 [1]\n  ... (200000 in all)"), message);
    assertTrue(message.length() < 2_000, message.length() + " chars");
  }

  @Test
  void aBlockIndexBeyondAnyDepthNamesTheKeyAndTheRange() {
    Map<String, long[]> shapes = WeightShapes.backbone("", TINY);
    shapes.put("blocks.99999999999.attn.qkv.weight", new long[] {24, 8});
    assertEquals(
        "ckpt.pth: tensor 'blocks.99999999999.attn.qkv.weight' has block index 99999999999; expected 0 to "
            + BlockIndex.MAX
            + " (blocks are numbered from 0, one per layer)",
        failure(shapes, TINY, STRICT));
  }

  @Test
  void notStrictToleratesUnexpectedNamesButReportsThem() {
    Map<String, long[]> shapes = WeightShapes.backbone("", TINY);
    shapes.put("fc_norm.weight", new long[] {8});
    String message = failure(shapes, TINY, STRICT);
    assertTrue(
        message.contains("1 unexpected") && message.contains("\n  fc_norm.weight [8]"), message);
    assertTrue(message.contains("EvaLoadOptions.defaults().withStrict(false)"), message);

    EvaWeightsLayout layout = KeyCheck.check("ckpt.pth", shapes, TINY, STRICT.withStrict(false));
    assertEquals(List.of("fc_norm.weight"), layout.unexpected());
  }

  @Test
  void notStrictStillFailsOnMissingNames() {
    Map<String, long[]> shapes = WeightShapes.backbone("", TINY);
    shapes.remove("blocks.1.attn.v_bias");
    String message = failure(shapes, TINY, STRICT.withStrict(false));
    assertTrue(
        message.contains("1 missing") && message.contains("\n  blocks.1.attn.v_bias [8]"), message);
  }

  @Test
  void aCheckpointWithoutABackboneIsNamedAsSuch() {
    Map<String, long[]> shapes = Map.of("text.token_embedding.weight", new long[] {10, 4});
    String message = failure(shapes, TINY, STRICT);
    assertTrue(message.contains("ckpt.pth holds no EVA backbone"), message);
    assertTrue(message.contains("text.token_embedding.weight"), message);
  }

  @Test
  void twoBackbonesAreAmbiguous() {
    Map<String, long[]> shapes = WeightShapes.backbone("teacher.", TINY);
    shapes.putAll(WeightShapes.backbone("student.", TINY));
    String message = failure(shapes, TINY, STRICT);
    assertTrue(
        message.contains("several EVA backbones")
            && message.contains("[\"student.\", \"teacher.\"]"),
        message);
  }

  /** A source that knows names and shapes only: the check must not read tensor data. */
  private record ShapesOnly(Map<String, long[]> shapes) implements TensorSource {
    @Override
    public Path path() {
      return Path.of("model.safetensors");
    }

    @Override
    public Set<String> names() {
      return shapes.keySet();
    }

    @Override
    public DType dtype(String name) {
      throw new AssertionError("the key check read the dtype of " + name);
    }

    @Override
    public long[] shape(String name) {
      return shapes.get(name).clone();
    }

    @Override
    public HostTensor tensor(String name) {
      throw new AssertionError("the key check read tensor " + name);
    }

    @Override
    public HostTensor tensorF32(String name) {
      throw new AssertionError("the key check read tensor " + name);
    }

    @Override
    public void close() {}
  }

  @Test
  void checksATensorSourceByShapesAlone() {
    try (TensorSource source = new ShapesOnly(WeightShapes.backbone("module.", TINY))) {
      assertEquals("module.", KeyCheck.check(source, TINY, STRICT).prefix());
      Map<String, long[]> shapes = WeightShapes.backbone("", TINY);
      shapes.remove("pos_embed");
      try (TensorSource broken = new ShapesOnly(shapes)) {
        String message =
            assertThrows(FileFormatException.class, () -> KeyCheck.check(broken, TINY, STRICT))
                .getMessage();
        assertTrue(message.startsWith("Checkpoint model.safetensors "), message);
      }
    }
  }
}

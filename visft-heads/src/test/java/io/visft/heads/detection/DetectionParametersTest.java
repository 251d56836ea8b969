package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DetectionParametersTest {
  private static final String T = "visft_heads.transformer.";
  private static final String DEC = T + "decoders.detection.detection_coco.";

  @Test
  void namesAndShapesFollowTheReleasedLayout() {
    Map<String, long[]> specs = shapes(DetectionHeadConfig.visft(1408));
    Map<String, long[]> expected = new LinkedHashMap<>();
    expected.put("visft_heads.input_proj.weight", new long[] {128, 1408, 1, 1});
    expected.put("visft_heads.input_proj.bias", new long[] {128});
    expected.put(T + "task_embeddings_enc.weight", new long[] {256, 128});
    expected.put(T + "encoder.layers.0.self_attn.in_proj_weight", new long[] {384, 128});
    expected.put(T + "encoder.layers.5.self_attn.in_proj_bias", new long[] {384});
    expected.put(T + "encoder.layers.5.self_attn.out_proj.weight", new long[] {128, 128});
    expected.put(T + "encoder.layers.3.linear1.weight", new long[] {1024, 128});
    expected.put(T + "encoder.layers.3.linear2.weight", new long[] {128, 1024});
    expected.put(T + "encoder.layers.2.norm2.bias", new long[] {128});
    expected.put(T + "enc2dec_proj.weight", new long[] {256, 128});
    expected.put(T + "pos_embed_proj.bias", new long[] {256});
    expected.put(DEC + "layers.0.self_attn.in_proj_weight", new long[] {768, 256});
    expected.put(DEC + "layers.5.multihead_attn.out_proj.weight", new long[] {256, 256});
    expected.put(DEC + "layers.4.linear1.bias", new long[] {1024});
    expected.put(DEC + "layers.4.norm3.weight", new long[] {256});
    expected.put(DEC + "norm.weight", new long[] {256});
    expected.put("visft_heads.query_embeds.detection.detection_coco.weight", new long[] {100, 256});
    expected.put("visft_heads.class_embeds.weight", new long[] {92, 256});
    expected.put("visft_heads.class_embeds.bias", new long[] {92});
    expected.put("visft_heads.bbox_embeds.layers.0.weight", new long[] {256, 256});
    expected.put("visft_heads.bbox_embeds.layers.2.weight", new long[] {4, 256});
    expected.put("visft_heads.bbox_embeds.layers.2.bias", new long[] {4});
    expected.forEach((name, shape) -> assertArrayEquals(shape, specs.get(name), name));
    // input_proj 2, task table 1, encoder 6 × 12, projections 4, decoder 6 × 18, final norm 2,
    // queries 1, class head 2, box MLP 6
    assertEquals(2 + 1 + 72 + 4 + 108 + 2 + 1 + 2 + 6, specs.size());
    assertTrue(specs.keySet().stream().allMatch(n -> n.startsWith(DetectionParameters.PREFIX)));
    long count = specs.values().stream().mapToLong(HostTensor::numel).sum();
    assertEquals(8_761_312, count, "parameters of the EVA-ViT-G head");
  }

  @Test
  void equalWidthsDropTheProjections() {
    DetectionHeadConfig c =
        new DetectionHeadConfig(8, 16, 16, 2, 1, 1, 32, 4, 3, 0, 2, 0, DetectionLossConfig.detr());
    Map<String, long[]> specs = shapes(c);
    assertTrue(
        specs.keySet().stream()
            .noneMatch(n -> n.contains("enc2dec_proj") || n.contains("pos_embed_proj")));
  }

  @Test
  void initialisationFollowsTheReleasedModules() {
    DetectionHeadConfig c =
        new DetectionHeadConfig(
            40, 32, 64, 4, 2, 2, 96, 50, 7, 0.1, 16, 0, DetectionLossConfig.detr());
    Map<String, HostTensor> p = DetectionHead.initialize(c, 5).parameters();
    assertWithin(p, "visft_heads.input_proj.weight", 1 / Math.sqrt(40));
    assertWithin(p, T + "encoder.layers.0.self_attn.in_proj_weight", Math.sqrt(6.0 / (32 + 96)));
    assertWithin(p, T + "encoder.layers.1.linear1.weight", Math.sqrt(6.0 / (32 + 96)));
    assertWithin(p, T + "encoder.layers.1.linear1.bias", 1 / Math.sqrt(32));
    assertWithin(p, T + "enc2dec_proj.weight", Math.sqrt(6.0 / (32 + 64)));
    assertWithin(p, DEC + "layers.1.multihead_attn.in_proj_weight", Math.sqrt(6.0 / (64 + 192)));
    assertWithin(p, DEC + "layers.1.multihead_attn.out_proj.weight", 1 / Math.sqrt(64));
    assertWithin(p, DEC + "layers.0.linear2.weight", 1 / Math.sqrt(96));
    assertWithin(p, "visft_heads.class_embeds.weight", 1 / Math.sqrt(64));
    assertConstant(p, T + "encoder.layers.0.self_attn.in_proj_bias", 0);
    assertConstant(p, DEC + "layers.0.self_attn.out_proj.bias", 0);
    assertConstant(p, DEC + "norm.weight", 1);
    assertConstant(p, T + "encoder.layers.1.norm2.bias", 0);
    float[] queries =
        p.get("visft_heads.query_embeds.detection.detection_coco.weight").toFloatArray();
    double sumSquares = 0;
    for (float v : queries) {
      sumSquares += v * v;
    }
    double std = Math.sqrt(sumSquares / queries.length);
    assertTrue(Math.abs(std - 1) < 0.05, "queries are standard normal, std " + std);
    assertEquals(
        DetectionHead.initialize(c, 5).parameters(), p, "the same seed gives the same parameters");
  }

  private static Map<String, long[]> shapes(DetectionHeadConfig c) {
    List<DetectionParameters.Spec> specs = DetectionParameters.of(c);
    return specs.stream()
        .collect(
            Collectors.toMap(
                DetectionParameters.Spec::name,
                DetectionParameters.Spec::shape,
                (a, b) -> a,
                LinkedHashMap::new));
  }

  /** Every value within ±bound and the largest above 0.9·bound (so the bound is the right one). */
  private static void assertWithin(Map<String, HostTensor> p, String name, double bound) {
    double max = 0;
    for (float v : p.get(name).toFloatArray()) {
      assertTrue(Math.abs(v) <= bound, name + ": " + v + " outside ±" + bound);
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(
        max > 0.9 * bound, name + ": largest |value| " + max + " is far below the bound " + bound);
  }

  private static void assertConstant(Map<String, HostTensor> p, String name, float value) {
    for (float v : p.get(name).toFloatArray()) {
      assertEquals(value, v, name);
    }
  }
}

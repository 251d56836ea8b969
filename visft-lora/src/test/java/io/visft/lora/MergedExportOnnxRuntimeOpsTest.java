package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.onnx.ExportOps;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.onnx.proto.OnnxProto.StringStringEntryProto;
import io.visft.core.testing.Similarity;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The merged export with ONNX Runtime's fused kernels: the same features as the standard file, at
 * any batch size, from fused LayerNorm, attention and (int8) integer-product nodes.
 */
class MergedExportOnnxRuntimeOpsTest {
  private static final int SIDE = 32;
  private static final EvaConfig WIDE = new EvaConfig(96, 3, 3, 384, 8, 4, false, 1e-6, true);

  @TempDir Path dir;

  @Test
  void aMissingOpSetIsAConfigErrorNamingTheChoices() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                MergedExport.save(
                    WIDE,
                    EvaInit.random(WIDE, 4),
                    null,
                    SIDE,
                    SIDE,
                    dir.resolve("x.onnx"),
                    FrozenWeights.Precision.INT8,
                    null));
    assertTrue(e.getMessage().contains("ExportOps.STANDARD or ONNX_RUNTIME"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.onnx")), "nothing written");
  }

  @ParameterizedTest
  @EnumSource(FrozenWeights.Precision.class)
  void givesTheStandardFilesFeaturesFromFusedKernels(FrozenWeights.Precision precision)
      throws Exception {
    Map<String, HostTensor> weights = EvaInit.random(WIDE, 4);
    Lora lora = MergedExportFixtures.randomAdapter("ops", WIDE, 4, 8);
    Path standard = dir.resolve("standard.onnx");
    Path fused = dir.resolve("fused.onnx");
    MergedExport.save(WIDE, weights, lora, SIDE, SIDE, standard, precision, ExportOps.STANDARD);
    MergedExport.save(WIDE, weights, lora, SIDE, SIDE, fused, precision, ExportOps.ONNX_RUNTIME);

    for (int batch : new int[] {1, 3}) {
      HostTensor pixels =
          MergedExportFixtures.gaussian(new Random(batch), new long[] {batch, 3, SIDE, SIDE}, 1);
      float[] want = MergedExportFixtures.features(standard, pixels);
      float[] got = MergedExportFixtures.features(fused, pixels);
      double error = Similarity.relativeL2(got, want);
      assertTrue(
          error < (precision == FrozenWeights.Precision.INT8 ? 1e-3 : 1e-5),
          precision + ", batch " + batch + ": fused vs standard file, relative error " + error);
    }
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(fused));
    List<String> ops =
        m.getGraph().getNodeList().stream().map(n -> n.getDomain() + ":" + n.getOpType()).toList();
    assertEquals(
        2L * WIDE.depth(),
        ops.stream().filter("com.microsoft:SkipLayerNormalization"::equals).count()
            + ops.stream().filter(":LayerNormalization"::equals).count()
            - 1,
        "two LayerNorms per block, residual ones fused: " + ops);
    assertTrue(
        ops.contains("com.microsoft:SkipLayerNormalization"), "residual LayerNorm fused: " + ops);
    assertEquals(
        WIDE.depth(),
        ops.stream().filter("com.microsoft:MultiHeadAttention"::equals).count(),
        "one fused attention per block");
    assertEquals(
        precision == FrozenWeights.Precision.INT8 ? 4L * WIDE.depth() : 0L,
        ops.stream().filter("com.microsoft:DynamicQuantizeMatMul"::equals).count(),
        "integer products");
    assertEquals(
        "onnx_runtime",
        m.getMetadataPropsList().stream()
            .filter(e -> e.getKey().equals("visft.export_ops"))
            .map(StringStringEntryProto::getValue)
            .findFirst()
            .orElseThrow());
    assertTrue(
        ModelProto.parseFrom(Files.readAllBytes(standard)).getGraph().getNodeList().stream()
            .map(NodeProto::getDomain)
            .allMatch(String::isEmpty),
        "the standard file keeps to the standard domain");
  }
}

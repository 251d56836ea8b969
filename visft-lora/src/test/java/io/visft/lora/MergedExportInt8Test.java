package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Op;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.onnx.proto.OnnxProto.StringStringEntryProto;
import io.visft.core.onnx.proto.OnnxProto.TensorProto;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Similarity;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The int8 merged export: a standard ONNX file with int8 block weights that a plain ONNX Runtime
 * session runs, with features close to the fp32 export's and to the library's own int8 backbone.
 */
class MergedExportInt8Test {
  private static final int SIDE = 32;

  @TempDir Path dir;

  /** A backbone and adapter to export. */
  record Case(String label, EvaConfig config, Map<String, HostTensor> weights, Lora lora) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Case> cases() {
    EvaConfig g = AdaptedBackboneParityTest.config("g_style");
    Lora fixtureLora;
    try (SafetensorsFile f =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.safetensors"))) {
      fixtureLora = io.visft.lora.format.VisftLoraFormat.read(f, "visft", 1.0);
    }
    EvaConfig wide = new EvaConfig(96, 3, 3, 384, 8, 4, false, 1e-6, true);
    Lora lora = MergedExportFixtures.randomAdapter("int8", wide, 8, 8);
    return Stream.of(
        new Case("g_style fixture", g, LoraContractTest.weights(), fixtureLora),
        new Case("random 96-wide", wide, EvaInit.random(wide, 4), lora));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aPlainSessionRunsItWithFeaturesCloseToTheFp32Export(Case c) throws Exception {
    Path fp32 = dir.resolve("fp32.onnx");
    Path int8 = dir.resolve("int8.onnx");
    MergedExport.save(c.config(), c.weights(), c.lora(), SIDE, SIDE, fp32);
    MergedExport.save(
        c.config(), c.weights(), c.lora(), SIDE, SIDE, int8, FrozenWeights.Precision.INT8);
    HostTensor pixels =
        MergedExportFixtures.gaussian(new Random(2), new long[] {3, 3, SIDE, SIDE}, 1);
    float[] want = MergedExportFixtures.features(fp32, pixels);
    float[] got = MergedExportFixtures.features(int8, pixels);
    double cosine = Similarity.cosine(want, got);
    assertTrue(cosine >= 0.99 && cosine < 1, c + ": int8 export vs fp32 export cosine " + cosine);
    float[] library =
        AdaptedBackbone.features(
                c.config(),
                c.weights(),
                c.lora(),
                pixels,
                RuntimeOptions.cpu().withFrozenWeights(FrozenWeights.Precision.INT8))
            .toFloatArray();
    double vsLibrary = Similarity.cosine(library, got);
    assertTrue(
        vsLibrary >= 0.999, c + ": int8 export vs the library's int8 backbone cosine " + vsLibrary);
    assertTrue(
        Files.size(dir.resolve("int8.onnx.data")) < 0.5 * Files.size(dir.resolve("fp32.onnx.data")),
        c + ": the int8 weights file is less than half the fp32 one");
  }

  @Test
  void holdsInt8BlockWeightsWithScalesAndOnlyStandardOps() throws Exception {
    EvaConfig cfg = AdaptedBackboneParityTest.config("g_style");
    Path onnx = dir.resolve("int8.onnx");
    MergedExport.save(
        cfg, LoraContractTest.weights(), null, SIDE, SIDE, onnx, FrozenWeights.Precision.INT8);
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
    assertEquals(
        List.of("=" + Op.OPSET),
        m.getOpsetImportList().stream().map(o -> o.getDomain() + "=" + o.getVersion()).toList(),
        "opset imports: the standard domain only");
    Map<String, TensorProto> init = new LinkedHashMap<>();
    m.getGraph().getInitializerList().forEach(t -> init.put(t.getName(), t));
    for (int b = 0; b < cfg.depth(); b++) {
      for (String module : List.of("attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2")) {
        String name = "blocks." + b + "." + module + ".weight";
        assertEquals(io.visft.api.DType.I8.onnxCode(), init.get(name).getDataType(), name);
        assertEquals(
            io.visft.api.DType.F32.onnxCode(),
            init.get(FrozenWeights.scaleName(name)).getDataType(),
            name);
      }
    }
    List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    assertEquals(
        4L * cfg.depth(), ops.stream().filter("MatMulInteger"::equals).count(), "integer products");
    assertEquals(
        4L * cfg.depth(),
        ops.stream().filter("DynamicQuantizeLinear"::equals).count(),
        "activation quantizers");
    assertEquals(
        "int8",
        m.getMetadataPropsList().stream()
            .filter(e -> e.getKey().equals("visft.frozen_weights"))
            .map(StringStringEntryProto::getValue)
            .findFirst()
            .orElseThrow());
  }
}

package io.visft.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visft.api.HostTensor;
import io.visft.core.graph.Op;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.NodeProto;
import io.visft.core.onnx.proto.OnnxProto.StringStringEntryProto;
import io.visft.core.onnx.proto.OnnxProto.TensorProto;
import io.visft.core.onnx.proto.OnnxProto.TensorShapeProto;
import io.visft.core.onnx.proto.OnnxProto.ValueInfoProto;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.vit.EvaConfig;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The merged export has a symbolic batch axis and is a well-formed standalone ONNX model. */
class MergedExportTest {
  private static final EvaConfig CFG = AdaptedBackboneParityTest.config("g_style");
  private static final int HEIGHT = 12;
  private static final int WIDTH = 20;

  @TempDir Path dir;

  private static Lora adapter() {
    try (SafetensorsFile f =
        SafetensorsFile.open(
            AdaptedBackboneParityTest.FIXTURES.resolve("g_style_visft_lora.safetensors"))) {
      return io.visft.lora.format.VisftLoraFormat.read(f, "visft", 1.0);
    }
  }

  private Path export() {
    Path onnx = dir.resolve("adapted.onnx");
    MergedExport.save(CFG, LoraContractTest.weights(), adapter(), HEIGHT, WIDTH, onnx);
    return onnx;
  }

  /** Three images: the fixture's and two of seeded noise, {@code [3, 3, H, W]}. */
  private static float[] threeImages() {
    float[] fixture = LoraContractTest.pixels().toFloatArray();
    int image = 3 * HEIGHT * WIDTH;
    assertEquals(image, fixture.length, "the fixture holds one image of " + HEIGHT + "x" + WIDTH);
    float[] three = Arrays.copyOf(fixture, 3 * image);
    Random r = new Random(5);
    for (int i = image; i < three.length; i++) {
      three[i] = (float) r.nextGaussian();
    }
    return three;
  }

  private static float[] run(OrtSession s, float[] pixels, long batch) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor in =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(pixels), new long[] {batch, 3, HEIGHT, WIDTH});
        OrtSession.Result r = s.run(Map.of("pixel_values", in))) {
      OnnxTensor out = (OnnxTensor) r.get("features").orElseThrow();
      assertEquals(batch, out.getInfo().getShape()[0], "batch of the features");
      FloatBuffer b = out.getFloatBuffer();
      float[] got = new float[b.remaining()];
      b.get(got);
      return got;
    }
  }

  @Test
  void runsAtBatchOneAndThreeWithTheSamePerImageFeatures() throws Exception {
    Path onnx = export();
    float[] pixels = threeImages();
    int image = 3 * HEIGHT * WIDTH;
    try (OrtSession s =
        OrtEnvironment.getEnvironment()
            .createSession(onnx.toString(), new OrtSession.SessionOptions())) {
      float[] batched = run(s, pixels, 3);
      int perImage = batched.length / 3;
      for (int i = 0; i < 3; i++) {
        float[] alone = run(s, Arrays.copyOfRange(pixels, i * image, (i + 1) * image), 1);
        float[] inBatch = Arrays.copyOfRange(batched, i * perImage, (i + 1) * perImage);
        assertTrue(
            Evaluate.maxAbsDiff(alone, inBatch) <= 1e-5 * Evaluate.maxAbs(alone),
            "image "
                + i
                + " alone and in a batch of 3: max abs diff "
                + Evaluate.maxAbsDiff(alone, inBatch));
      }
      HostTensor first =
          HostTensor.ofFloats(Arrays.copyOf(pixels, image), new long[] {1, 3, HEIGHT, WIDTH});
      float[] library =
          AdaptedBackbone.features(
                  CFG, LoraContractTest.weights(), adapter(), first, RuntimeOptions.cpu())
              .toFloatArray();
      float[] exported = Arrays.copyOf(batched, perImage);
      assertTrue(
          Evaluate.maxAbsDiff(library, exported) <= 1e-5 * Evaluate.maxAbs(library),
          "the exported model and the adapter applied by the library");
    }
  }

  @Test
  void isAWellFormedStandaloneModel() throws Exception {
    Path onnx = export();
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(onnx));
    assertEquals(OnnxExporter.IR_VERSION, m.getIrVersion(), "IR version");
    assertEquals(
        List.of("=" + Op.OPSET),
        m.getOpsetImportList().stream().map(o -> o.getDomain() + "=" + o.getVersion()).toList(),
        "opset imports: the standard domain only");

    var g = m.getGraph();
    assertEquals(
        List.of("pixel_values"), g.getInputList().stream().map(ValueInfoProto::getName).toList());
    assertEquals(
        List.of("features"), g.getOutputList().stream().map(ValueInfoProto::getName).toList());
    int grid = CFG.patchSize();
    assertEquals(
        List.of("batch", "3", Integer.toString(HEIGHT), Integer.toString(WIDTH)),
        dims(g.getInput(0)));
    assertEquals(
        List.of(
            "batch",
            Integer.toString(CFG.embedDim()),
            Integer.toString(HEIGHT / grid),
            Integer.toString(WIDTH / grid)),
        dims(g.getOutput(0)));

    Set<String> defined = new HashSet<>();
    g.getInputList().forEach(v -> defined.add(v.getName()));
    long dataSize = Files.size(dir.resolve("adapted.onnx.data"));
    for (TensorProto t : g.getInitializerList()) {
      assertTrue(defined.add(t.getName()), "initializer defined twice: " + t.getName());
      if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
        Map<String, String> ext = new java.util.LinkedHashMap<>();
        t.getExternalDataList().forEach(e -> ext.put(e.getKey(), e.getValue()));
        assertEquals("adapted.onnx.data", ext.get("location"), t.getName());
        assertTrue(
            Long.parseLong(ext.get("offset")) + Long.parseLong(ext.get("length")) <= dataSize,
            t.getName() + " lies inside the data file");
      }
    }
    List<String> undefined = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      assertEquals("", n.getDomain(), n.getName() + " is a standard op");
      n.getInputList().stream()
          .filter(in -> !in.isEmpty() && !defined.contains(in))
          .forEach(in -> undefined.add(n.getName() + " <- " + in));
      for (String out : n.getOutputList()) {
        assertTrue(defined.add(out), "value defined twice: " + out);
      }
    }
    assertEquals(List.of(), undefined, "node inputs used before they are defined");
    assertTrue(defined.contains("features"), "the output is computed");
    assertEquals(
        "visft",
        m.getMetadataPropsList().stream()
            .filter(e -> e.getKey().equals("visft.adapter"))
            .map(StringStringEntryProto::getValue)
            .findFirst()
            .orElseThrow());
  }

  private static List<String> dims(ValueInfoProto v) {
    List<String> out = new ArrayList<>();
    for (TensorShapeProto.Dimension d : v.getType().getTensorType().getShape().getDimList()) {
      out.add(d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue()));
    }
    return out;
  }
}

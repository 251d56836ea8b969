package io.visft.examples.readme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.runtime.OnnxFileSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.detection.DetectionHeadConfig;
import io.visft.heads.detection.ImageTargets;
import io.visft.heads.detection.OutsideImagePolicy;
import io.visft.heads.segmentation.SegmentationHead;
import io.visft.lora.AdaptedBackbone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java blocks are the classes of this package, quoted whole without their package
 * line, and they run: {@link TrainViSFT} builds a pipeline with {@code ViSFT.builder()} and trains
 * the three heads and the adapter on a small synthetic split, a LoRA adapter trained by {@link
 * TrainLora} is applied by {@link AdaptedFeatures} on a small random EVA-style backbone, and {@link
 * TrainDetectionHead} trains the ViSFT detection head on random features.
 */
class ReadmeJavaTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCES =
      Path.of("src", "main", "java", "io", "visft", "examples", "readme");
  private static final String PACKAGE_LINE = "package io.visft.examples.readme;\n\n";
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASS_NAME = Pattern.compile("public final class (\\w+)");

  /** EVA-style, 64 wide, 2 blocks, 4 heads, patch 4, a 4 x 4 position grid. */
  private static final EvaConfig BACKBONE =
      new EvaConfig(64, 2, 4, 128, 4, 4, false, EvaConfig.EVA_LAYER_NORM_EPS);

  @Test
  void everyJavaBlockIsAnExampleClassQuotedWhole() throws IOException {
    List<String> blocks = javaBlocks();
    assertFalse(blocks.isEmpty(), "README.md has no ```java block");
    for (String block : blocks) {
      Matcher name = CLASS_NAME.matcher(block);
      assertTrue(name.find(), "a README java block declares no public final class:\n" + block);
      Path source = SOURCES.resolve(name.group(1) + ".java");
      assertTrue(
          Files.isRegularFile(source),
          "README quotes class " + name.group(1) + " but " + source + " is missing");
      String text = Files.readString(source, StandardCharsets.UTF_8);
      assertTrue(text.startsWith(PACKAGE_LINE), source + " must start with " + PACKAGE_LINE);
      assertEquals(
          text.substring(PACKAGE_LINE.length()),
          block,
          "the README block of "
              + name.group(1)
              + " differs from "
              + source
              + "; paste the file without its package line");
    }
  }

  @Test
  void everyExampleClassIsQuotedInTheReadme() throws IOException {
    TreeSet<String> quoted = new TreeSet<>();
    for (String block : javaBlocks()) {
      Matcher name = CLASS_NAME.matcher(block);
      if (name.find()) {
        quoted.add(name.group(1));
      }
    }
    TreeSet<String> classes = new TreeSet<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      files.map(f -> f.getFileName().toString().replace(".java", "")).forEach(classes::add);
    }
    assertEquals(classes, quoted, "every class of " + SOURCES + " is quoted once in README.md");
  }

  @Test
  void theTrainedAdapterBringsTheFeaturesToTheTargetAndTheMergedModelAgrees(@TempDir Path dir) {
    Map<String, HostTensor> weights = EvaInit.random(BACKBONE, 1);
    Path checkpoint = dir.resolve("eva.safetensors");
    SafetensorsWriter.write(checkpoint, weights, Map.of());
    Path config = dir.resolve("eva.json");
    BACKBONE.writeJson(config);
    HostTensor pixels = gaussian(2, new long[] {2, 3, 16, 20});
    Path pixelFile = dir.resolve("pixels.safetensors");
    SafetensorsWriter.write(pixelFile, Map.of("pixel_values", pixels), Map.of());
    HostTensor target = gaussian(3, new long[] {2, 64, 4, 5});

    double[] losses = TrainLora.train(BACKBONE, weights, pixels, target, 6, dir.resolve("adapter"));
    double before =
        mse(
            AdaptedBackbone.features(BACKBONE, weights, null, pixels, RuntimeOptions.cpu()),
            target);
    assertEquals(
        before, losses[0], 1e-5 * before, "step 0 runs the base backbone (B starts at zero)");
    assertTrue(losses[5] < losses[0], "losses " + java.util.Arrays.toString(losses));

    Path onnx = dir.resolve("merged.onnx");
    HostTensor features =
        AdaptedFeatures.extract(
            checkpoint, config.toString(), dir.resolve("adapter"), pixelFile, onnx);
    assertArrayEquals(new long[] {2, 64, 4, 5}, features.shape());
    assertTrue(
        mse(features, target) < losses[0],
        "the saved adapter reads back trained: "
            + mse(features, target)
            + " vs the base "
            + losses[0]);
    try (OnnxFileSession merged = OnnxFileSession.open(onnx, RuntimeOptions.cpu())) {
      float[] fromOnnx =
          merged.run(Map.of("pixel_values", pixels)).values().iterator().next().toFloatArray();
      float[] expected = features.toFloatArray();
      assertEquals(expected.length, fromOnnx.length);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(
            expected[i],
            fromOnnx[i],
            1e-4 * (1 + Math.abs(expected[i])),
            "merged model, element " + i);
      }
    }
  }

  @Test
  void thePipelineFromTheBuilderTrainsTheThreeHeadsThenTheAdapter(@TempDir Path dir) {
    double[] losses = TrainViSFT.train(BACKBONE, EvaInit.random(BACKBONE, 5), 16, dir);

    assertEquals(3, losses.length);
    for (double loss : losses) {
      assertTrue(
          Double.isFinite(loss) && loss > 0, "stage-2 losses " + java.util.Arrays.toString(losses));
    }
    assertEquals(CaptionHead.TASK, CaptionHead.read(dir.resolve("caption.safetensors")).task());
    DetectionHead detection = DetectionHead.read(dir.resolve("detection.safetensors"));
    assertEquals(64, detection.config().featureDim());
    SegmentationHead segmentation = SegmentationHead.read(dir.resolve("segmentation.safetensors"));
    assertEquals(64, segmentation.config().inChannels());
  }

  @Test
  void theDetectionHeadLearnsTheBoxesAndIsSavedAsTrained(@TempDir Path dir) {
    HostTensor features = gaussian(4, new long[] {2, 64, 4, 5});
    List<ImageTargets> targets =
        List.of(
            ImageTargets.fromCocoXywh(
                new ImageSize(16, 20),
                new int[] {3},
                new double[][] {{2, 3, 8, 6}},
                OutsideImagePolicy.CLIP),
            ImageTargets.fromCocoXywh(
                new ImageSize(16, 20),
                new int[] {7, 1},
                new double[][] {{0, 0, 5, 5}, {10, 6, 9, 9}},
                OutsideImagePolicy.CLIP));
    Path headFile = dir.resolve("detection.safetensors");

    double[] losses = TrainDetectionHead.train(features, targets, 4, headFile);

    assertTrue(losses[3] < losses[0], "losses " + java.util.Arrays.toString(losses));
    DetectionHead saved = DetectionHead.read(headFile);
    assertEquals(DetectionHeadConfig.visft(64), saved.config());
    DetectionHead initial = DetectionHead.initialize(DetectionHeadConfig.visft(64), 0);
    String name = initial.parameters().keySet().iterator().next();
    assertFalse(
        java.util.Arrays.equals(
            initial.parameters().get(name).toFloatArray(),
            saved.parameters().get(name).toFloatArray()),
        "the saved head holds the trained values of " + name);
  }

  private static List<String> javaBlocks() throws IOException {
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(Files.readString(README, StandardCharsets.UTF_8));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static HostTensor gaussian(long seed, long[] shape) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] v = new float[Math.toIntExact(HostTensor.numel(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] =
          (float)
              (Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()))
                  * Math.cos(2 * Math.PI * rnd.nextDouble()));
    }
    return HostTensor.ofFloats(v, shape);
  }

  private static double mse(HostTensor features, HostTensor target) {
    assertEquals(DType.F32, features.dtype());
    float[] f = features.toFloatArray();
    float[] t = target.toFloatArray();
    double sum = 0;
    for (int i = 0; i < f.length; i++) {
      sum += (f[i] - t[i]) * (double) (f[i] - t[i]);
    }
    return sum / f.length;
  }
}

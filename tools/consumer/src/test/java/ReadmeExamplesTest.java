import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.detection.ImageTargets;
import io.visft.heads.detection.OutsideImagePolicy;
import io.visft.lora.kernels.LoraKernels;
import io.visft.lora.kernels.LoraKernelsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's Java examples, compiled from the README itself, against the installed artifacts
 * and the CPU flavour, on a small random EVA-style backbone.
 */
class ReadmeExamplesTest {
  private static final EvaConfig BACKBONE =
      new EvaConfig(64, 2, 4, 128, 4, 4, false, EvaConfig.EVA_LAYER_NORM_EPS);

  @Test
  void trainAnAdapterThenApplyAndExportIt(@TempDir Path dir) {
    Map<String, HostTensor> weights = EvaInit.random(BACKBONE, 1);
    Path checkpoint = dir.resolve("eva.safetensors");
    SafetensorsWriter.write(checkpoint, weights, Map.of());
    Path config = dir.resolve("eva.json");
    BACKBONE.writeJson(config);
    HostTensor pixels = gaussian(2, 2, 3, 16, 20);
    Path pixelFile = dir.resolve("pixels.safetensors");
    SafetensorsWriter.write(pixelFile, Map.of("pixel_values", pixels), Map.of());
    HostTensor target = gaussian(3, 2, 64, 4, 5);

    double[] losses = TrainLora.train(BACKBONE, weights, pixels, target, 6, dir.resolve("adapter"));
    HostTensor features =
        AdaptedFeatures.extract(
            checkpoint,
            config.toString(),
            dir.resolve("adapter"),
            pixelFile,
            dir.resolve("merged.onnx"));

    System.out.println("TrainLora losses " + Arrays.toString(losses));
    System.out.println(
        "AdaptedFeatures "
            + Arrays.toString(features.shape())
            + ", feature error "
            + mse(features, target));
    assertTrue(losses[5] < losses[0], Arrays.toString(losses));
    assertArrayEquals(new long[] {2, 64, 4, 5}, features.shape());
    assertTrue(mse(features, target) < losses[0], "the adapter read back is the trained one");
    assertTrue(Files.isRegularFile(dir.resolve("merged.onnx")));
  }

  @Test
  void trainADetectionHead(@TempDir Path dir) {
    List<ImageTargets> targets =
        List.of(
            ImageTargets.fromCocoXywh(
                new ImageSize(16, 20),
                new int[] {3},
                new double[][] {{2, 3, 8, 6}},
                OutsideImagePolicy.CLIP),
            ImageTargets.fromCocoXywh(
                new ImageSize(16, 20),
                new int[] {7},
                new double[][] {{10, 6, 9, 9}},
                OutsideImagePolicy.CLIP));

    double[] losses =
        TrainDetectionHead.train(
            gaussian(4, 2, 64, 4, 5), targets, 4, dir.resolve("head.safetensors"));

    System.out.println("TrainDetectionHead losses " + Arrays.toString(losses));
    assertTrue(losses[3] < losses[0], Arrays.toString(losses));
    assertEquals(64, DetectionHead.read(dir.resolve("head.safetensors")).config().featureDim());
  }

  @Test
  void withoutTheGpuFlavourTheLoraKernelsFallBackToTheCpu() {
    try (LoraKernels kernels = LoraKernelsProvider.select("auto")) {
      assertEquals("cpu", kernels.name());
    }
  }

  private static HostTensor gaussian(long seed, long... shape) {
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
    float[] f = features.toFloatArray();
    float[] t = target.toFloatArray();
    double sum = 0;
    for (int i = 0; i < f.length; i++) {
      sum += (f[i] - t[i]) * (double) (f[i] - t[i]);
    }
    return sum / f.length;
  }
}

package io.visft.core.eval.region;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImageFiles;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.eval.FeatureMatrix;
import io.visft.core.eval.ImageEmbedder;
import io.visft.core.eval.ImageEmbeddings;
import io.visft.core.eval.LinearProbeConfig;
import io.visft.core.eval.LinearProbeResult;
import io.visft.core.eval.RoiAlignConfig;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.testing.Evaluate;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaLoadOptions;
import io.visft.core.vit.EvaWeightsFile;
import io.visft.core.vit.LinearLayer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region identification end to end: a synthetic COCO-format set (rectangles, ellipses, triangles),
 * dense maps from the small EVA fixture backbone, RoI-align region features, a probe split by
 * image. The lower end of the probe's 95% interval must beat the majority-class rate of its test
 * split (about 0.61 against 0.38 when written), and the run must repeat exactly.
 */
class RegionIdentificationTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/eva_clip");
  private static final int IMAGE_SIZE = 64;

  @TempDir static Path dir;

  private static EvaWeightsFile checkpoint;
  private static RegionSet regions;
  private static FeatureMatrix features;

  @BeforeAll
  static void embed() {
    checkpoint =
        EvaWeightsFile.open(
            FIXTURES.resolve("g_style_tower.pt"),
            EvaConfig.fromJson(FIXTURES.resolve("g_style.json")),
            EvaLoadOptions.defaults());
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(3, 80))
            .generate(dir.resolve("synthetic"));
    CocoDataset coco = CocoDataset.read(data.instancesJson());
    CocoImageFiles images =
        new CocoImageFiles(data.instancesJson().toString(), data.imageDir(), coco.images());
    ImageEmbeddings e =
        new ImageEmbedder(
                RegionIdentificationTest::backbone,
                IMAGE_SIZE,
                8,
                new PrintStream(OutputStream.nullOutputStream()))
            .embed(images, "regions", true);
    regions = CocoRegions.of(coco, images.images(), IMAGE_SIZE);
    features =
        RegionFeatures.pool(e.dense(), regions.regions(), IMAGE_SIZE, RoiAlignConfig.detectron2());
  }

  @AfterAll
  static void close() {
    checkpoint.close();
  }

  private static HostTensor backbone(HostTensor pixels) {
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, pixels.shape());
    Value map =
        EvaBackbone.build(g, checkpoint.config(), checkpoint.weights(), px, LinearLayer.PLAIN);
    return Evaluate.run(g, Map.of("map", map), Map.of("pixel_values", pixels)).get("map");
  }

  @Test
  void regionsCoverEveryObjectWithItsCategory() {
    assertEquals(List.of("rectangle", "ellipse", "triangle"), regions.classNames());
    assertEquals(regions.regions().size(), features.rows());
    assertEquals(32, features.dim());
  }

  @Test
  void probeBeatsTheMajorityClassAndRepeats() {
    RegionSplit split = RegionSplit.byImage(regions.images(), 0.3, 0);
    LinearProbeConfig probe = new LinearProbeConfig(300, 0.05, 1e-4);
    LinearProbeResult first =
        RegionProbe.run(features, regions.labels(), split, 3, probe, RuntimeOptions.cpu());
    LinearProbeResult second =
        RegionProbe.run(features, regions.labels(), split, 3, probe, RuntimeOptions.cpu());
    int[] counts = new int[3];
    for (int r : split.test()) {
      counts[regions.labels()[r]]++;
    }
    double majority =
        (double) Math.max(counts[0], Math.max(counts[1], counts[2])) / split.test().length;
    System.out.printf(
        "region probe: %.3f ± %.3f over %d test regions (majority class %.3f)%n",
        first.accuracy().mean(), first.accuracy().halfWidth(), split.test().length, majority);
    assertTrue(
        first.accuracy().lower() > majority,
        "probe " + first.accuracy() + " vs majority " + majority);
    assertEquals(first.accuracy(), second.accuracy());
    assertArrayEquals(split.test(), RegionSplit.byImage(regions.images(), 0.3, 0).test());
  }
}

package io.visft.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.HostTensor;
import io.visft.api.LoraAdapter;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.HeadTasks;
import io.visft.core.train.Parameters;
import io.visft.core.train.TwoStagePipeline;
import io.visft.core.train.TwoStagePipeline.StageConfig;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.detection.DetectionHeadConfig;
import io.visft.heads.detection.DetectionLossConfig;
import io.visft.heads.detection.DetectionTasks;
import io.visft.heads.pipeline.ViSFTHeads;
import io.visft.heads.segmentation.SegmentationHead;
import io.visft.heads.segmentation.SegmentationHeadConfig;
import io.visft.heads.segmentation.SegmentationLossConfig;
import io.visft.heads.segmentation.SegmentationTasks;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection and segmentation heads' two stages on synthetic COCO-format scenes with a tiny
 * random backbone and the paper's training augmentations: stage 1 lowers each head's loss; stage 2
 * trains only the adapter's tensors (every head parameter byte unchanged) and its gradients are
 * non-zero.
 */
class InstanceTasksTest {
  private static final EvaConfig BACKBONE = new EvaConfig(32, 2, 2, 64, 14, 4, false, 1e-6, true);
  private static final int SIZE = 56;
  private static final RuntimeOptions CPU = RuntimeOptions.cpu();

  @TempDir static Path dir;
  private static InstanceSet data;
  private static Map<String, HostTensor> weights;

  @BeforeAll
  static void data() {
    SyntheticDataset d =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(11, 8)).generate(dir);
    data = InstanceSet.load(d.instancesJson(), d.imageDir(), SIZE);
    weights = EvaInit.random(BACKBONE, 3);
  }

  @Test
  void detectionTrainsInBothStages() {
    DetectionHead head =
        DetectionHead.initialize(
            new DetectionHeadConfig(
                32, 16, 32, 2, 1, 2, 64, 8, 4, 0.1, 4, 0, DetectionLossConfig.detr()),
            5);
    checkStages(
        new DetectionTasks(
            head,
            new BackboneInput(BACKBONE, weights, null),
            data,
            2,
            4,
            ViSFTHeads.detectionAugmentation(SIZE, 14, 3),
            QkvBiasAdapter::new,
            CPU));
  }

  @Test
  void segmentationTrainsInBothStages() {
    SegmentationHead head =
        SegmentationHead.initialize(
            new SegmentationHeadConfig(32, 32, 4, 4, 1, 4, 32, 2, 32, 6, 3, 16), 5);
    checkStages(
        new SegmentationTasks(
            head,
            SegmentationLossConfig.visft(4).withPoints(64, 64),
            new BackboneInput(BACKBONE, weights, null),
            data,
            2,
            ViSFTHeads.segmentationAugmentation(SIZE, 14, 3),
            QkvBiasAdapter::new,
            9,
            CPU));
  }

  @Test
  void resumedStage1RepeatsTheUninterruptedLosses(@TempDir Path checkpoints) {
    Supplier<SegmentationTasks> segmentation =
        () ->
            new SegmentationTasks(
                SegmentationHead.initialize(
                    new SegmentationHeadConfig(32, 32, 4, 4, 1, 4, 32, 2, 32, 6, 3, 16), 5),
                SegmentationLossConfig.visft(4).withPoints(64, 64),
                new BackboneInput(BACKBONE, weights, null),
                data,
                2,
                ViSFTHeads.segmentationAugmentation(SIZE, 14, 3),
                QkvBiasAdapter::new,
                9,
                CPU);
    Supplier<DetectionTasks> detection =
        () ->
            new DetectionTasks(
                DetectionHead.initialize(
                    new DetectionHeadConfig(
                        32, 16, 32, 2, 1, 2, 64, 8, 4, 0.1, 4, 0, DetectionLossConfig.detr()),
                    5),
                new BackboneInput(BACKBONE, weights, null),
                data,
                2,
                4,
                ViSFTHeads.detectionAugmentation(SIZE, 14, 3),
                QkvBiasAdapter::new,
                CPU);
    for (Supplier<? extends HeadTasks> tasks : List.of(segmentation, detection)) {
      double[] uninterrupted = stage1(tasks.get(), null, -1);
      String task = tasks.get().head().task();
      Path dir = checkpoints.resolve(task);
      assertThrows(IllegalStateException.class, () -> stage1(tasks.get(), dir, 4));
      double[] resumed = stage1(tasks.get(), dir, -1);
      assertArrayEquals(
          Arrays.copyOfRange(uninterrupted, 3, 6),
          resumed,
          task + ": losses after resuming at step 3");
    }
  }

  /**
   * Six stage-1 steps, checkpointed every 3 into {@code dir} (if set), failing at step {@code
   * failAt}.
   */
  private static double[] stage1(HeadTasks tasks, Path dir, int failAt) {
    String task = tasks.head().task();
    TwoStagePipeline p =
        new TwoStagePipeline(
            List.of(tasks),
            new NamedAdapter(),
            new Parameters(),
            t -> new StageConfig(6, 2e-3, 2, 1.0, 3, 1),
            new StageConfig(1, 1e-2, 0, 1.0, 0, 1),
            Map.of(task, 1.0),
            dir,
            1);
    p.addListener(
        m -> {
          if (m.step() == failAt) {
            throw new IllegalStateException("interrupted at step " + failAt);
          }
        });
    return p.trainHeads().get(task);
  }

  private static void checkStages(HeadTasks tasks) {
    Parameters adapter = new Parameters();
    for (int i = 0; i < BACKBONE.depth(); i++) {
      adapter.add(
          "blocks." + i + ".attn.qkv.delta",
          new float[3 * BACKBONE.embedDim()],
          3L * BACKBONE.embedDim());
    }
    String task = tasks.head().task();
    TwoStagePipeline pipeline =
        new TwoStagePipeline(
            List.of(tasks),
            new NamedAdapter(),
            adapter,
            t -> new StageConfig(40, 2e-3, 5, 1.0, 0, 1),
            new StageConfig(6, 1e-2, 0, 1.0, 0, 1),
            Map.of(task, 1.0),
            null,
            1);

    double[] stage1 = pipeline.trainHeads().get(task);
    assertTrue(
        mean(stage1, 35, 40) < 0.8 * mean(stage1, 0, 5),
        task
            + " stage 1: loss "
            + mean(stage1, 0, 5)
            + " -> "
            + mean(stage1, 35, 40)
            + " should fall by 20%");

    Map<String, HostTensor> headBefore = tasks.head().parameters();
    double[] stage2 = pipeline.trainAdapter();
    assertEquals(6, stage2.length);
    Map<String, HostTensor> headAfter = tasks.head().parameters();
    headBefore.forEach(
        (name, t) ->
            assertArrayEquals(
                t.toFloatArray(),
                headAfter.get(name).toFloatArray(),
                task + " stage 2 changed head parameter " + name));
    double moved = 0;
    for (String name : adapter.names()) {
      for (float v : adapter.get(name)) {
        moved += Math.abs(v);
      }
    }
    assertTrue(moved > 0, task + " stage 2 left the adapter at zero: no gradient reached it");
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }

  /** The adapter as the pipeline reports it. */
  private static final class NamedAdapter implements LoraAdapter {
    @Override
    public String name() {
      return "qkv-bias";
    }

    @Override
    public int rank() {
      return 1;
    }

    @Override
    public double scaling() {
      return 1;
    }

    @Override
    public Map<String, HostTensor> tensors() {
      return Map.of();
    }

    @Override
    public void load(Map<String, HostTensor> values) {
      throw new UnsupportedOperationException("the test adapter's tensors live in the Parameters");
    }
  }
}

package io.visft.heads.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.ConfigException;
import io.visft.api.Task;
import io.visft.core.data.InstanceSet;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.vit.AdapterLayer;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which heads {@link ViSFTHeads.Builder#build()} makes, and what it refuses before it makes any.
 */
class ViSFTHeadsBuilderTest {
  private static final EvaConfig BACKBONE = new EvaConfig(32, 2, 2, 64, 14, 4, false, 1e-6, true);
  private static final Supplier<AdapterLayer> NO_STAGE2 =
      () -> {
        throw new UnsupportedOperationException("stage 2 is not built in this test");
      };

  static Stream<Arguments> incomplete() {
    return Stream.of(
        Arguments.of(
            "no backbone; call backbone(config, weights)",
            (UnaryOperator<ViSFTHeads.Builder>) b -> b.adapter(NO_STAGE2)),
        Arguments.of(
            "no stage-2 adapter; call adapter(() -> layer)",
            (UnaryOperator<ViSFTHeads.Builder>)
                b -> b.backbone(BACKBONE, EvaInit.random(BACKBONE, 0))),
        Arguments.of(
            "batchSize = 0, expected at least 1",
            (UnaryOperator<ViSFTHeads.Builder>)
                b ->
                    b.backbone(BACKBONE, EvaInit.random(BACKBONE, 0))
                        .adapter(NO_STAGE2)
                        .batchSize(0)),
        Arguments.of(
            "task caption has no data; call captions(...)",
            (UnaryOperator<ViSFTHeads.Builder>)
                b ->
                    b.backbone(BACKBONE, EvaInit.random(BACKBONE, 0))
                        .adapter(NO_STAGE2)
                        .tasks(List.of(Task.CAPTION))),
        Arguments.of(
            "task segmentation has no data; call instances(...)",
            (UnaryOperator<ViSFTHeads.Builder>)
                b ->
                    b.backbone(BACKBONE, EvaInit.random(BACKBONE, 0))
                        .adapter(NO_STAGE2)
                        .tasks(List.of(Task.SEGMENTATION))));
  }

  @ParameterizedTest
  @MethodSource("incomplete")
  void anIncompleteBuilderNamesWhatIsMissing(
      String expected, UnaryOperator<ViSFTHeads.Builder> settings) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> settings.apply(ViSFTHeads.builder()).build());
    assertEquals("ViSFTHeads.builder(): " + expected, e.getMessage());
  }

  @Test
  void instancesGiveDetectionAndSegmentationUnlessTasksNarrowThem(@TempDir Path dir) {
    SyntheticDataset d =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(11, 4)).generate(dir);
    InstanceSet instances = InstanceSet.load(d.instancesJson(), d.imageDir(), 56);
    ViSFTHeads.Builder builder =
        ViSFTHeads.builder()
            .backbone(BACKBONE, EvaInit.random(BACKBONE, 3))
            .instances(instances)
            .adapter(NO_STAGE2)
            .headSizes(HeadSizes.SMALL);

    ViSFTHeads both = builder.build();
    assertNull(both.captions());
    assertEquals(
        List.of(Task.DETECTION.configName(), Task.SEGMENTATION.configName()),
        both.all().stream().map(h -> h.head().task()).toList());

    ViSFTHeads detection = builder.tasks(List.of(Task.DETECTION)).build();
    assertNull(detection.segmentation());
    assertEquals(
        List.of(Task.DETECTION.configName()),
        detection.all().stream().map(h -> h.head().task()).toList());
  }
}

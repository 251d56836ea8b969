package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ImageSize;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.Parameters;
import io.visft.heads.HeadParameterMode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Batches a training step refuses before running, with messages that say what to fix. */
class DetectionTrainingStepTest {
  private static final DetectionHeadConfig CONFIG =
      new DetectionHeadConfig(4, 8, 16, 2, 1, 1, 16, 4, 3, 0, 2, 0, DetectionLossConfig.detr());
  private static final HostTensor FEATURES =
      HostTensor.ofFloats(new float[2 * 4 * 2 * 2], 2, 4, 2, 2);
  private static final List<ImageTargets> TARGETS =
      List.of(ImageTargets.empty(new ImageSize(8, 8)), ImageTargets.empty(new ImageSize(8, 8)));
  private static DetectionTrainingStep step;
  private static Parameters parameters;

  @BeforeAll
  static void open() {
    DetectionHead head = DetectionHead.initialize(CONFIG, 1);
    parameters = new Parameters();
    head.parameters().forEach(parameters::add);
    step =
        DetectionTrainingStep.create(
            head,
            HeadParameterMode.TRAINABLE_INPUTS,
            1,
            g ->
                new DetectionTrainingStep.DetectionInputs(
                    g.input("features", DType.F32, 2, 4, 2, 2),
                    g.input("mask", DType.BOOL, 2, 2, 2),
                    null,
                    Map.of()),
            RuntimeOptions.cpu());
  }

  @AfterAll
  static void close() {
    step.close();
  }

  @Test
  void refusesEntriesThatAreNoInput() {
    assertMessage(
        "batch entry 'pixels' is not an input declared by the InputGraph",
        () -> step.step(parameters, Map.of("features", FEATURES, "pixels", FEATURES), TARGETS));
  }

  @Test
  void refusesImagesThatArePaddingEverywhere() {
    ByteBuffer mask = ByteBuffer.allocate(8);
    for (int i = 4; i < 8; i++) {
      mask.put(i, (byte) 1);
    }
    HostTensor padded = new HostTensor(DType.BOOL, new long[] {2, 2, 2}, mask);
    assertMessage(
        "image 1 of the batch is padding everywhere in the padding mask",
        () -> step.step(parameters, Map.of("features", FEATURES, "mask", padded), TARGETS));
  }

  @Test
  void refusesTargetsForAnotherBatchSize() {
    HostTensor mask = new HostTensor(DType.BOOL, new long[] {2, 2, 2}, ByteBuffer.allocate(8));
    assertMessage(
        "1 ImageTargets for a batch of 2 images; give one per image",
        () ->
            step.step(
                parameters, Map.of("features", FEATURES, "mask", mask), TARGETS.subList(0, 1)));
  }

  private static void assertMessage(String fragment, Executable run) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run);
    assertTrue(
        e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
  }
}

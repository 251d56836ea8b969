package io.visft.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.api.TaskHead;
import io.visft.core.train.TrainingTask;
import io.visft.heads.caption.CaptionHead;
import io.visft.heads.caption.CaptionHeadConfig;
import io.visft.heads.caption.CaptionTokenizer;
import io.visft.heads.caption.Vocabulary;
import io.visft.heads.detection.DetectionHead;
import io.visft.heads.detection.DetectionHeadConfig;
import io.visft.heads.detection.DetectionLossConfig;
import io.visft.heads.segmentation.SegmentationHead;
import io.visft.heads.segmentation.SegmentationHeadConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link TaskHead} contract, run over every head (one case per head, PEFT's {@code TEST_CASES}
 * style): the heads keep their parameters in {@link HeadParameters} and must not drift apart.
 */
class TaskHeadContractTest {

  /**
   * One head under test.
   *
   * @param initialize a freshly initialised small head from a seed
   * @param read reads a head written by {@link TaskHead#save}
   */
  record HeadCase(
      String task, LongFunction<TrainableHead> initialize, Function<Path, TaskHead> read) {
    @Override
    public String toString() {
      return task;
    }
  }

  private static final Vocabulary VOCABULARY =
      Vocabulary.build(List.of("a b c d e f g h"), CaptionTokenizer.ALPHANUMERIC_RUNS, 1);

  static Stream<HeadCase> heads() {
    return Stream.of(
        new HeadCase(
            "caption",
            seed ->
                CaptionHead.initialize(
                    new CaptionHeadConfig(6, 5, 4, 7, VOCABULARY.size(), 4, 3, 0.5, 1),
                    VOCABULARY,
                    seed),
            CaptionHead::read),
        new HeadCase(
            "detection",
            seed ->
                DetectionHead.initialize(
                    new DetectionHeadConfig(
                        6, 8, 12, 2, 2, 2, 10, 5, 3, 0.1, 4, 1, DetectionLossConfig.detr()),
                    seed),
            DetectionHead::read),
        new HeadCase(
            "segmentation",
            seed ->
                SegmentationHead.initialize(
                    SegmentationHeadConfig.builder(8)
                        .dim(32)
                        .heads(4)
                        .groups(4)
                        .encoderLayers(1)
                        .encoderFfnDim(32)
                        .decoderLayers(2)
                        .decoderFfnDim(32)
                        .queries(4)
                        .classes(3)
                        .maskDim(16)
                        .build(),
                    seed),
            SegmentationHead::read));
  }

  @TempDir Path dir;

  @ParameterizedTest
  @MethodSource("heads")
  void loadingItsOwnParametersIsTheIdentity(HeadCase c) {
    TrainableHead head = c.initialize().apply(1);
    Map<String, HostTensor> before = head.parameters();
    head.load(head.parameters());
    assertEquals(before, head.parameters());
    assertEquals(c.task(), head.task());
  }

  @ParameterizedTest
  @MethodSource("heads")
  void loadReplacesEveryValue(HeadCase c) {
    TrainableHead head = c.initialize().apply(1);
    Map<String, HostTensor> other = c.initialize().apply(2).parameters();
    assertNotEquals(other, head.parameters());
    head.load(other);
    assertEquals(other, head.parameters());
  }

  @ParameterizedTest
  @MethodSource("heads")
  void missingAndUnexpectedNamesFailAlike(HeadCase c) {
    TrainableHead head = c.initialize().apply(1);
    Map<String, HostTensor> before = head.parameters();
    String first = before.keySet().iterator().next();

    Map<String, HostTensor> missing = c.initialize().apply(2).parameters();
    missing.remove(first);
    ShapeException lacks = assertThrows(ShapeException.class, () -> head.load(missing));
    assertEquals(
        c.task() + " head parameters do not match: missing [" + first + "], unexpected [];",
        lacks.getMessage().substring(0, lacks.getMessage().indexOf(';') + 1));

    Map<String, HostTensor> extra = c.initialize().apply(2).parameters();
    extra.put("visft_heads.extra", HostTensor.ofFloats(new float[] {1}, 1));
    ShapeException surplus = assertThrows(ShapeException.class, () -> head.load(extra));
    assertEquals(
        c.task() + " head parameters do not match: missing [], unexpected [visft_heads.extra];",
        surplus.getMessage().substring(0, surplus.getMessage().indexOf(';') + 1));
    assertEquals(before, head.parameters());
  }

  @ParameterizedTest
  @MethodSource("heads")
  void aWrongShapeFailsNamingTheParameter(HeadCase c) {
    TrainableHead head = c.initialize().apply(1);
    Map<String, HostTensor> values = head.parameters();
    String name = values.keySet().iterator().next();
    values.put(name, HostTensor.ofFloats(new float[] {0, 0, 0}, 3));
    ShapeException e = assertThrows(ShapeException.class, () -> head.load(values));
    assertEquals(
        c.task()
            + " head parameter "
            + name
            + " has shape [3], expected "
            + java.util.Arrays.toString(head.parameterSet().shape(name))
            + ";",
        e.getMessage().substring(0, e.getMessage().indexOf(';') + 1));
  }

  @ParameterizedTest
  @MethodSource("heads")
  void nanAndInfinityAreRefusedAndNothingIsReplaced(HeadCase c) {
    TrainableHead head = c.initialize().apply(1);
    Map<String, HostTensor> before = head.parameters();
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
      Map<String, HostTensor> values = c.initialize().apply(2).parameters();
      String last = List.copyOf(values.keySet()).get(values.size() - 1);
      float[] data = values.get(last).toFloatArray();
      data[data.length - 1] = bad;
      values.put(last, HostTensor.ofFloats(data, values.get(last).shape()));
      NumericException e = assertThrows(NumericException.class, () -> head.load(values));
      assertEquals(
          String.format(
              "%s head parameter %s holds %s at flat index %d; refusing to load it",
              c.task(), last, bad, data.length - 1),
          e.getMessage());
      assertEquals(before, head.parameters());
    }
  }

  @ParameterizedTest
  @MethodSource("heads")
  void saveAndReadRoundTrip(HeadCase c) {
    TrainableHead head = c.initialize().apply(3);
    Path file = dir.resolve(c.task() + ".safetensors");
    head.save(file);
    TaskHead read = c.read().apply(file);
    assertEquals(c.task(), read.task());
    assertEquals(head.parameters(), read.parameters());
    assertEquals(List.copyOf(head.parameters().keySet()), List.copyOf(read.parameters().keySet()));
  }

  @ParameterizedTest
  @MethodSource("heads")
  void trainingSharesTheHeadsValuesWithoutCopying(HeadCase c) {
    TrainableHead head = c.initialize().apply(1);
    HeadTraining<TrainableHead> training =
        new HeadTraining<>(head, null, null) {
          @Override
          protected TrainingTask task(
              BackboneInput input, HeadParameterMode mode, TrainableHead h) {
            throw new UnsupportedOperationException("not built in this test");
          }
        };
    Map<String, HostTensor> loaded = c.initialize().apply(2).parameters();
    head.load(loaded);
    assertSame(head, training.head());
    assertEquals(loaded, training.head().parameters());

    String name = head.parameterSet().names().get(0);
    training.headParameters().get(name)[0] = 0.25f;
    assertEquals(0.25f, head.parameters().get(name).toFloatArray()[0]);
    assertArrayEquals(
        head.parameters().get(name).toFloatArray(), training.headParameters().get(name));
  }

  @ParameterizedTest
  @MethodSource("heads")
  void parameterOrderIsTheSpecOrder(HeadCase c) {
    TrainableHead head = c.initialize().apply(1);
    assertEquals(head.parameterSet().names(), List.copyOf(head.parameters().keySet()));
    Map<String, HostTensor> reversed = new LinkedHashMap<>();
    List<String> names = head.parameterSet().names();
    for (int i = names.size() - 1; i >= 0; i--) {
      reversed.put(names.get(i), head.parameters().get(names.get(i)));
    }
    head.load(reversed);
    assertEquals(names, List.copyOf(head.parameters().keySet()));
  }
}

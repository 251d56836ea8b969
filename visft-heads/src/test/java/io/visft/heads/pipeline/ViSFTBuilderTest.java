package io.visft.heads.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.ConfigException;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.EvaInit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link ViSFT.Builder#build()} refuses before it creates anything. */
class ViSFTBuilderTest {
  private static final EvaConfig BACKBONE =
      new EvaConfig(64, 2, 4, 128, 4, 4, false, EvaConfig.EVA_LAYER_NORM_EPS);

  static Stream<Arguments> incomplete() {
    return Stream.of(
        Arguments.of(
            "no backbone; call backbone(config, weights)",
            (UnaryOperator<ViSFT.Builder>) b -> b.steps(1, 1)),
        Arguments.of(
            "no step counts; call steps(stage1Steps, stage2Steps)",
            (UnaryOperator<ViSFT.Builder>) b -> b.backbone(BACKBONE, EvaInit.random(BACKBONE, 0))),
        Arguments.of(
            "no training data; call captions(...) and/or instances(...)",
            (UnaryOperator<ViSFT.Builder>)
                b -> b.backbone(BACKBONE, EvaInit.random(BACKBONE, 0)).steps(1, 1)));
  }

  @ParameterizedTest
  @MethodSource("incomplete")
  void anIncompleteBuilderNamesWhatIsMissing(
      String expected, UnaryOperator<ViSFT.Builder> settings) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> settings.apply(ViSFT.builder()).build());
    assertEquals("ViSFT.builder(): " + expected, e.getMessage());
  }
}

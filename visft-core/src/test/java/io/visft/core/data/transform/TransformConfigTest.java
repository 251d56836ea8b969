package io.visft.core.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.visft.api.ConfigException;
import io.visft.core.data.image.RgbColor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TransformConfigTest {

  static Stream<Arguments> invalidConfigs() {
    DetrAugmentConfig d = DetrAugmentConfig.visft();
    return Stream.of(
        Arguments.of(
            (Executable) () -> new RandomHorizontalFlip(1.5),
            "RandomHorizontalFlip.probability = 1.5: must be a probability in [0, 1]; use 0.5 for the paper's setting"),
        Arguments.of(
            (Executable) () -> new FixedResize(0, 256),
            "FixedResize.height = 0: must be positive; use 256 for captioning"),
        Arguments.of(
            (Executable) () -> new ShortSideResize(List.of(), 672),
            "ShortSideResize.shortSides = []: must list at least one positive length; for example [480, 512, ..., 672]"),
        Arguments.of(
            (Executable) () -> new RandomSizeCrop(600, 384),
            "RandomSizeCrop.maxSize = 384: must be at least minSize = 600; use 600 (DETR)"),
        Arguments.of(
            (Executable) () -> new LargeScaleJitter(1024, 2.0, 0.1, RgbColor.grey(0.5f)),
            "LargeScaleJitter.maxScale = 0.1: must be finite and at least minScale = 2.0; use 2.0 (paper)"),
        Arguments.of(
            (Executable) () -> new PatchSnap(0, RgbColor.grey(0f)),
            "PatchSnap.patchSize = 0: must be positive; use 14 for EVA"),
        Arguments.of(
            (Executable)
                () ->
                    new DetrAugmentConfig(
                        d.trainShortSides(), -1, d.cropBranchShortSides(), 384, 600, 800, 0.5, 0.5),
            "DetrAugmentConfig.maxLongSide = -1: must be positive; use 672 (ViSFT)"),
        Arguments.of(
            (Executable)
                () ->
                    new DetrAugmentConfig(
                        List.of(480, 0), 672, d.cropBranchShortSides(), 384, 600, 800, 0.5, 0.5),
            "DetrAugmentConfig.trainShortSides = [480, 0]: must list at least one positive length; see DetrAugmentConfig.visft()"));
  }

  @ParameterizedTest
  @MethodSource("invalidConfigs")
  void invalidValuesAreRejectedWithFieldValueRuleAndFix(Executable construct, String message) {
    assertEquals(message, assertThrows(ConfigException.class, construct).getMessage());
  }
}

package io.visft.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Arguments {@link EvaluateEmbeddingsApp} refuses before it starts Spark, with messages that say
 * what to give.
 */
class EvaluateEmbeddingsAppTest {
  private static EvaluateEmbeddingsApp parse(String... args) {
    EvaluateEmbeddingsApp app = new EvaluateEmbeddingsApp();
    new CommandLine(app).parseArgs(args);
    return app;
  }

  @Test
  void withNothingToEvaluateItNamesTheOptions() {
    ConfigException e = assertThrows(ConfigException.class, () -> parse().call());
    assertTrue(
        e.getMessage().contains("--few-shot") && e.getMessage().contains("--train"),
        e.getMessage());
  }

  @Test
  void aProbeWithoutItsTestTableIsRefused() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> parse("--train", "train.parquet").call());
    assertTrue(
        e.getMessage().contains("--test") && e.getMessage().contains("train.parquet"),
        e.getMessage());
  }

  @Test
  void probeSettingsAreValidatedAsEvalOodValidatesThem() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> parse("--few-shot", "x.parquet", "--block-rows", "0").call());
    assertTrue(e.getMessage().contains("block_rows = 0"), e.getMessage());
  }
}

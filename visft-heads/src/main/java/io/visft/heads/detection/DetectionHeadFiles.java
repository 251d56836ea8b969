package io.visft.heads.detection;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.heads.matching.DetectionMatchCost;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk form of a {@link DetectionHead}: a safetensors file of the parameters under their
 * checkpoint names whose {@code __metadata__} holds {@code visft.task = detection} and every field
 * of {@link DetectionHeadConfig} and {@link DetectionLossConfig} as {@code visft.detection.<field>}
 * (the matching cost as {@code matchClassWeight}, {@code matchBboxWeight}, {@code
 * matchGiouWeight}).
 */
final class DetectionHeadFiles {

  static final String TASK_KEY = "visft.task";
  private static final String CONFIG_PREFIX = "visft.detection.";

  private DetectionHeadFiles() {}

  static void write(DetectionHead head, Path file) {
    DetectionHeadConfig c = head.config();
    DetectionLossConfig l = c.loss();
    Map<String, String> m = new LinkedHashMap<>();
    m.put(TASK_KEY, DetectionHead.TASK);
    put(m, "featureDim", c.featureDim());
    put(m, "encoderDim", c.encoderDim());
    put(m, "decoderDim", c.decoderDim());
    put(m, "numHeads", c.numHeads());
    put(m, "encoderLayers", c.encoderLayers());
    put(m, "decoderLayers", c.decoderLayers());
    put(m, "feedForwardDim", c.feedForwardDim());
    put(m, "numQueries", c.numQueries());
    put(m, "numClasses", c.numClasses());
    put(m, "dropout", c.dropout());
    put(m, "taskEmbeddings", c.taskEmbeddings());
    put(m, "taskIndex", c.taskIndex());
    put(m, "classWeight", l.classWeight());
    put(m, "bboxWeight", l.bboxWeight());
    put(m, "giouWeight", l.giouWeight());
    put(m, "noObjectWeight", l.noObjectWeight());
    put(m, "matchClassWeight", l.matchCost().classWeight());
    put(m, "matchBboxWeight", l.matchCost().bboxWeight());
    put(m, "matchGiouWeight", l.matchCost().giouWeight());
    SafetensorsWriter.write(file, head.parameters(), m);
  }

  static DetectionHead read(Path file) {
    try (SafetensorsFile weights = SafetensorsFile.open(file)) {
      Map<String, String> metadata = weights.metadata();
      String task = metadata.get(TASK_KEY);
      if (!DetectionHead.TASK.equals(task)) {
        throw new FileFormatException(
            String.format(
                "%s: metadata \"%s\" is %s, expected \"%s\"; this is not a detection head written"
                    + " by DetectionHead.save",
                file, TASK_KEY, task == null ? "absent" : "\"" + task + "\"", DetectionHead.TASK));
      }
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      weights.names().forEach(n -> tensors.put(n, weights.tensor(n)));
      return DetectionHead.of(config(file, metadata), tensors);
    }
  }

  private static DetectionHeadConfig config(Path file, Map<String, String> m) {
    try {
      DetectionMatchCost matchCost =
          new DetectionMatchCost(
              real(file, m, "matchClassWeight"),
              real(file, m, "matchBboxWeight"),
              real(file, m, "matchGiouWeight"));
      DetectionLossConfig loss =
          new DetectionLossConfig(
              real(file, m, "classWeight"),
              real(file, m, "bboxWeight"),
              real(file, m, "giouWeight"),
              real(file, m, "noObjectWeight"),
              matchCost);
      return new DetectionHeadConfig(
          integer(file, m, "featureDim"),
          integer(file, m, "encoderDim"),
          integer(file, m, "decoderDim"),
          integer(file, m, "numHeads"),
          integer(file, m, "encoderLayers"),
          integer(file, m, "decoderLayers"),
          integer(file, m, "feedForwardDim"),
          integer(file, m, "numQueries"),
          integer(file, m, "numClasses"),
          real(file, m, "dropout"),
          integer(file, m, "taskEmbeddings"),
          integer(file, m, "taskIndex"),
          loss);
    } catch (ConfigException e) {
      throw new FileFormatException(
          file + ": its detection head metadata is invalid: " + e.getMessage(), e);
    }
  }

  private static void put(Map<String, String> m, String field, Number value) {
    m.put(CONFIG_PREFIX + field, value.toString());
  }

  private static int integer(Path file, Map<String, String> m, String field) {
    String text = field(file, m, field);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw malformed(file, field, text, "an integer", e);
    }
  }

  private static double real(Path file, Map<String, String> m, String field) {
    String text = field(file, m, field);
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw malformed(file, field, text, "a number", e);
    }
  }

  private static String field(Path file, Map<String, String> m, String field) {
    String text = m.get(CONFIG_PREFIX + field);
    if (text == null) {
      throw new FileFormatException(
          String.format(
              "%s: metadata \"%s%s\" is absent; rewrite the head with DetectionHead.save",
              file, CONFIG_PREFIX, field));
    }
    return text;
  }

  private static FileFormatException malformed(
      Path file, String field, String text, String expected, NumberFormatException cause) {
    return new FileFormatException(
        String.format(
            "%s: metadata \"%s%s\" is \"%s\", expected %s; rewrite the head with"
                + " DetectionHead.save",
            file, CONFIG_PREFIX, field, text, expected),
        cause);
  }
}

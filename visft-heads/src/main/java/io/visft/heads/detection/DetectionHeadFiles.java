package io.visft.heads.detection;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.heads.HeadMetadata;
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
    head.parameterSet().save(file, m);
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
    HeadMetadata meta = new HeadMetadata(file, m, CONFIG_PREFIX, "DetectionHead.save");
    try {
      DetectionMatchCost matchCost =
          new DetectionMatchCost(
              meta.real("matchClassWeight"),
              meta.real("matchBboxWeight"),
              meta.real("matchGiouWeight"));
      DetectionLossConfig loss =
          new DetectionLossConfig(
              meta.real("classWeight"),
              meta.real("bboxWeight"),
              meta.real("giouWeight"),
              meta.real("noObjectWeight"),
              matchCost);
      return new DetectionHeadConfig(
          meta.integer("featureDim"),
          meta.integer("encoderDim"),
          meta.integer("decoderDim"),
          meta.integer("numHeads"),
          meta.integer("encoderLayers"),
          meta.integer("decoderLayers"),
          meta.integer("feedForwardDim"),
          meta.integer("numQueries"),
          meta.integer("numClasses"),
          meta.real("dropout"),
          meta.integer("taskEmbeddings"),
          meta.integer("taskIndex"),
          loss);
    } catch (ConfigException e) {
      throw new FileFormatException(
          file + ": its detection head metadata is invalid: " + e.getMessage(), e);
    }
  }

  private static void put(Map<String, String> m, String field, Number value) {
    m.put(CONFIG_PREFIX + field, value.toString());
  }
}

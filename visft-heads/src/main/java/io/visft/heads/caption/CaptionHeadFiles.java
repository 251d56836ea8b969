package io.visft.heads.caption;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.heads.HeadMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The on-disk form of a {@link CaptionHead}: a safetensors file of the parameters under their
 * checkpoint names whose {@code __metadata__} holds {@code visft.task = caption} and every {@link
 * CaptionHeadConfig} field as {@code visft.caption.<field>}, plus the vocabulary JSON beside it.
 */
final class CaptionHeadFiles {

  static final String TASK_KEY = "visft.task";
  private static final String CONFIG_PREFIX = "visft.caption.";

  private CaptionHeadFiles() {}

  static void write(CaptionHead head, Path file) {
    CaptionHeadConfig c = head.config();
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(TASK_KEY, CaptionHead.TASK);
    metadata.put(CONFIG_PREFIX + "featureDim", Integer.toString(c.featureDim()));
    metadata.put(CONFIG_PREFIX + "attentionDim", Integer.toString(c.attentionDim()));
    metadata.put(CONFIG_PREFIX + "embedDim", Integer.toString(c.embedDim()));
    metadata.put(CONFIG_PREFIX + "hiddenDim", Integer.toString(c.hiddenDim()));
    metadata.put(CONFIG_PREFIX + "vocabSize", Integer.toString(c.vocabSize()));
    metadata.put(CONFIG_PREFIX + "maxLength", Integer.toString(c.maxLength()));
    metadata.put(CONFIG_PREFIX + "pooledGrid", Integer.toString(c.pooledGrid()));
    metadata.put(CONFIG_PREFIX + "dropout", Double.toString(c.dropout()));
    metadata.put(CONFIG_PREFIX + "alphaC", Double.toString(c.alphaC()));
    head.parameterSet().save(file, metadata);
    try {
      VocabularyFile.write(head.vocabulary(), VocabularyFile.besideWeights(file));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the caption vocabulary beside " + file + ": " + e.getMessage(), e);
    }
  }

  static CaptionHead read(Path file) {
    Path vocabularyFile = VocabularyFile.besideWeights(file);
    if (!Files.isRegularFile(vocabularyFile)) {
      throw new FileFormatException(
          String.format(
              "%s: the caption vocabulary %s is missing beside it; CaptionHead.save writes both"
                  + " files, copy them together",
              file, vocabularyFile.getFileName()));
    }
    Vocabulary vocabulary;
    try {
      vocabulary = VocabularyFile.read(vocabularyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + vocabularyFile + ": " + e.getMessage(), e);
    }
    try (SafetensorsFile weights = SafetensorsFile.open(file)) {
      Map<String, String> metadata = weights.metadata();
      String task = metadata.get(TASK_KEY);
      if (!CaptionHead.TASK.equals(task)) {
        throw new FileFormatException(
            String.format(
                "%s: metadata \"%s\" is %s, expected \"%s\"; this is not a caption head written"
                    + " by CaptionHead.save",
                file, TASK_KEY, task == null ? "absent" : "\"" + task + "\"", CaptionHead.TASK));
      }
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      weights.names().forEach(n -> tensors.put(n, weights.tensor(n)));
      return CaptionHead.of(config(file, metadata), vocabulary, tensors);
    }
  }

  private static CaptionHeadConfig config(Path file, Map<String, String> metadata) {
    HeadMetadata meta = new HeadMetadata(file, metadata, CONFIG_PREFIX, "CaptionHead.save");
    try {
      return new CaptionHeadConfig(
          meta.integer("featureDim"),
          meta.integer("attentionDim"),
          meta.integer("embedDim"),
          meta.integer("hiddenDim"),
          meta.integer("vocabSize"),
          meta.integer("maxLength"),
          meta.integer("pooledGrid"),
          meta.real("dropout"),
          meta.real("alphaC"));
    } catch (ConfigException e) {
      throw new FileFormatException(
          file + ": its caption head metadata is invalid: " + e.getMessage(), e);
    }
  }
}

package io.visft.examples.ood;

import io.visft.api.ConfigException;
import io.visft.core.data.coco.CocoDataset;
import io.visft.core.data.coco.CocoImage;
import io.visft.core.data.coco.CocoImageFiles;
import io.visft.core.eval.EmbeddingCacheKey;
import java.nio.file.Path;
import java.util.List;

/**
 * A COCO-format annotation file (captions for retrieval, instances for regions) and its image
 * folder.
 *
 * @param annotations the JSON file
 * @param images the folder its {@code file_name}s are relative to
 */
public record CocoSourceSpec(Path annotations, Path images) {

  public CocoSourceSpec {
    if (annotations == null || images == null) {
      throw new ConfigException(
          "a 'coco' source needs 'annotations' (a COCO-format JSON file) and 'images' (its image "
              + "folder); got annotations="
              + annotations
              + ", images="
              + images);
    }
  }

  /** Reads the annotation file. */
  public CocoDataset open() {
    return CocoDataset.read(annotations);
  }

  /**
   * The chosen images of {@code coco} (read from {@link #annotations()}) for embedding.
   *
   * @param rule what chose them, e.g. {@code with captions}; part of the cache identity
   */
  public CocoImageFiles images(List<CocoImage> chosen, String rule) {
    if (chosen.isEmpty()) {
      throw new ConfigException("COCO file " + annotations + " has no image " + rule);
    }
    return new CocoImageFiles(
        EmbeddingCacheKey.fileIdentity(annotations) + "|" + rule, images, chosen);
  }

  /** A short description for reports. */
  public String describe() {
    return "coco " + annotations.getFileName();
  }
}

package io.visft.examples.ood;

import io.visft.api.ConfigException;
import io.visft.core.data.ClassBalancedSubset;
import io.visft.core.data.LabeledImages;
import io.visft.core.data.folder.ImageFolderDataset;
import io.visft.core.data.mnist.FashionMnist;
import java.nio.file.Path;

/**
 * Where a benchmark's images come from.
 *
 * @param type {@code image-folder} (one sub-folder per class) or {@code fashion-mnist} (IDX files)
 * @param path the folder (for Fashion-MNIST, the folder of the four IDX files; Debian's by default)
 * @param split Fashion-MNIST split, {@code train} or {@code test}; {@code null} for folders
 * @param perClass keep only the first this many images of each class; {@code null} keeps all
 */
public record DataSourceSpec(String type, Path path, String split, Integer perClass) {
  static final String IMAGE_FOLDER = "image-folder";
  static final String FASHION_MNIST = "fashion-mnist";

  public DataSourceSpec {
    if (!IMAGE_FOLDER.equals(type) && !FASHION_MNIST.equals(type)) {
      throw new ConfigException(
          "data source type '" + type + "' is not one of " + IMAGE_FOLDER + ", " + FASHION_MNIST);
    }
    if (IMAGE_FOLDER.equals(type) && path == null) {
      throw new ConfigException(
          "an image-folder data source needs 'path': a folder with one sub-folder per class");
    }
    if (FASHION_MNIST.equals(type) && !"train".equals(split) && !"test".equals(split)) {
      throw new ConfigException("fashion-mnist 'split' is '" + split + "'; expected train or test");
    }
    if (perClass != null && perClass <= 0) {
      throw new ConfigException(
          "data source 'per_class' = "
              + perClass
              + " must be positive; omit it to keep every image");
    }
  }

  /** Opens the data (reading the IDX files or listing the folder). */
  public LabeledImages open() {
    LabeledImages all =
        switch (type) {
          case FASHION_MNIST ->
              FashionMnist.open(
                  path == null ? FashionMnist.DEBIAN_DIRECTORY : path,
                  "train".equals(split) ? FashionMnist.Split.TRAIN : FashionMnist.Split.TEST);
          default -> ImageFolderDataset.open(path);
        };
    return perClass == null ? all : ClassBalancedSubset.of(all, perClass);
  }

  /** A short description for reports, e.g. {@code fashion-mnist test (first 30/class)}. */
  public String describe() {
    String where =
        FASHION_MNIST.equals(type)
            ? FASHION_MNIST + " " + split
            : IMAGE_FOLDER + " " + path.getFileName();
    return perClass == null ? where : where + " (first " + perClass + "/class)";
  }
}

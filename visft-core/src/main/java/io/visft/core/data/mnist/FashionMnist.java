package io.visft.core.data.mnist;

import io.visft.api.FileFormatException;
import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.RgbImage;
import io.visft.core.io.FileDigests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017) read from its four gzipped IDX files: 28×28 grey
 * images of ten clothing classes, returned as RGB with the grey value in every channel.
 *
 * <p>Debian's {@code dataset-fashion-mnist} package installs the files in {@link
 * #DEBIAN_DIRECTORY}. Immutable and thread-safe; the split is held in memory (47 MB for train).
 */
public final class FashionMnist implements LabeledImages {
  /** Where Debian's {@code dataset-fashion-mnist} package installs the IDX files. */
  public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

  /** The class names, by label. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The two splits and their file name prefixes. */
  public enum Split {
    /** 60,000 training images. */
    TRAIN("train"),
    /** 10,000 test images. */
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
      this.prefix = prefix;
    }

    /** The images file name, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String imagesFile() {
      return prefix + "-images-idx3-ubyte.gz";
    }

    /** The labels file name, e.g. {@code train-labels-idx1-ubyte.gz}. */
    public String labelsFile() {
      return prefix + "-labels-idx1-ubyte.gz";
    }
  }

  private final Path directory;
  private final Split split;
  private final int rows;
  private final int columns;
  private final IdxArray images;
  private final IdxArray labels;
  private volatile String id;

  private FashionMnist(Path directory, Split split, IdxArray images, IdxArray labels) {
    this.directory = directory;
    this.split = split;
    this.rows = images.dims()[1];
    this.columns = images.dims()[2];
    this.images = images;
    this.labels = labels;
  }

  /** Whether {@code directory} holds both files of {@code split}. */
  public static boolean isPresent(Path directory, Split split) {
    return Files.isRegularFile(directory.resolve(split.imagesFile()))
        && Files.isRegularFile(directory.resolve(split.labelsFile()));
  }

  /**
   * Reads one split.
   *
   * @throws FileFormatException if a file is missing or malformed, the images are not {@code
   *     [count, rows, columns]}, the labels not {@code [count]} with the same count, or a label is
   *     not in 0..9
   */
  public static FashionMnist open(Path directory, Split split) {
    Path imageFile = directory.resolve(split.imagesFile());
    Path labelFile = directory.resolve(split.labelsFile());
    for (Path f : List.of(imageFile, labelFile)) {
      if (!Files.isRegularFile(f)) {
        throw new FileFormatException(
            "Fashion-MNIST file "
                + f
                + " is missing; install Debian's dataset-fashion-mnist "
                + "package (apt-get install dataset-fashion-mnist) or point to a folder with the four IDX files");
      }
    }
    IdxArray images = IdxReader.read(imageFile);
    IdxArray labels = IdxReader.read(labelFile);
    int[] imageDims = images.dims();
    int[] labelDims = labels.dims();
    if (imageDims.length != 3) {
      throw new FileFormatException(
          "IDX file "
              + imageFile
              + ": images have "
              + imageDims.length
              + " dimensions, expected 3 (count, rows, columns)");
    }
    if (labelDims.length != 1 || labelDims[0] != imageDims[0]) {
      throw new FileFormatException(
          "IDX file "
              + labelFile
              + ": labels have dims "
              + java.util.Arrays.toString(labelDims)
              + ", expected ["
              + imageDims[0]
              + "] (one label per image of "
              + imageFile.getFileName()
              + ")");
    }
    for (int i = 0; i < labelDims[0]; i++) {
      if (labels.unsigned(i) >= CLASS_NAMES.size()) {
        throw new FileFormatException(
            "IDX file "
                + labelFile
                + ": label "
                + i
                + " is "
                + labels.unsigned(i)
                + ", expected 0 to "
                + (CLASS_NAMES.size() - 1));
      }
    }
    return new FashionMnist(directory, split, images, labels);
  }

  /**
   * Folder, split, size and a digest of the two IDX files' names, sizes, times and bytes (read
   * once).
   */
  @Override
  public String id() {
    String known = id;
    if (known == null) {
      known =
          "fashion-mnist:"
              + directory.toAbsolutePath().normalize()
              + ":"
              + split.name().toLowerCase(java.util.Locale.ROOT)
              + ":"
              + size()
              + ":"
              + FileDigests.of(
                  directory,
                  List.of(
                      directory.resolve(split.imagesFile()),
                      directory.resolve(split.labelsFile())));
      id = known;
    }
    return known;
  }

  @Override
  public int size() {
    return labels.dims()[0];
  }

  @Override
  public int label(int index) {
    return labels.unsigned(index);
  }

  @Override
  public RgbImage image(int index) {
    int plane = rows * columns;
    float[] planes = new float[3 * plane];
    int base = index * plane;
    for (int p = 0; p < plane; p++) {
      float v = images.unsigned(base + p) / 255f;
      planes[p] = v;
      planes[plane + p] = v;
      planes[2 * plane + p] = v;
    }
    return new RgbImage(rows, columns, planes);
  }

  @Override
  public List<String> classNames() {
    return CLASS_NAMES;
  }
}

package io.visft.spark;

import io.visft.core.data.mnist.FashionMnist;
import io.visft.core.data.mnist.IdxArray;
import io.visft.core.data.mnist.IdxReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes the first Fashion-MNIST test images as grey PNGs in an image folder data set
 * (root/class&lt;label&gt;/).
 */
public final class FashionMnistPngs {
  private FashionMnistPngs() {}

  /** Writes images {@code 0 … count-1} of the Debian package's test split under {@code root}. */
  public static void write(Path root, int count) {
    write(root, 0, count);
  }

  /** Writes images {@code from … to-1} of the Debian package's test split under {@code root}. */
  public static void write(Path root, int from, int to) {
    FashionMnist.Split split = FashionMnist.Split.TEST;
    if (!FashionMnist.isPresent(FashionMnist.DEBIAN_DIRECTORY, split)) {
      throw new IllegalStateException(
          "Fashion-MNIST is missing from "
              + FashionMnist.DEBIAN_DIRECTORY
              + "; install Debian's dataset-fashion-mnist package");
    }
    IdxArray images = IdxReader.read(FashionMnist.DEBIAN_DIRECTORY.resolve(split.imagesFile()));
    IdxArray labels = IdxReader.read(FashionMnist.DEBIAN_DIRECTORY.resolve(split.labelsFile()));
    int rows = images.dims()[1];
    int columns = images.dims()[2];
    try {
      for (int i = from; i < to; i++) {
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < rows; y++) {
          for (int x = 0; x < columns; x++) {
            int v = images.unsigned((i * rows + y) * columns + x);
            image.getRaster().setSample(x, y, 0, v);
          }
        }
        Path dir = Files.createDirectories(root.resolve("class" + labels.unsigned(i)));
        ImageIO.write(image, "png", dir.resolve(String.format("test%05d.png", i)).toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

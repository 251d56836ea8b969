package io.visft.core.data.folder;

import io.visft.api.ViSFTException;
import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import io.visft.core.io.FileDigests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A classification data set stored as one sub-folder per class ({@code root/<class>/<image>}), the
 * layout of torchvision's {@code ImageFolder}: classes are the sub-folder names in sorted order,
 * images the files with a JPEG, PNG, BMP or GIF extension, sorted by name. Hidden entries are
 * ignored.
 *
 * <p>Immutable (the identity is computed once, on first use); {@link #image} decodes from disk on
 * each call and is thread-safe.
 */
public final class ImageFolderDataset implements LabeledImages {
  /**
   * The extensions listed, each a format {@link ImageDecoder} decodes; a list, so messages show
   * them in this order.
   */
  private static final List<String> EXTENSIONS = List.of("jpg", "jpeg", "png", "bmp", "gif");

  private final Path root;
  private final List<String> classNames;
  private final List<Path> files;
  private final int[] labels;
  private volatile String id;

  private ImageFolderDataset(Path root, List<String> classNames, List<Path> files, int[] labels) {
    this.root = root;
    this.classNames = List.copyOf(classNames);
    this.files = List.copyOf(files);
    this.labels = labels;
  }

  /**
   * Lists the folder.
   *
   * @throws ViSFTException if {@code root} is not a folder, has no class sub-folders, or a class
   *     folder holds no image
   */
  public static ImageFolderDataset open(Path root) {
    if (!Files.isDirectory(root)) {
      throw new ViSFTException(
          "image folder data set " + root + " is not a folder; expected one sub-folder per class");
    }
    List<Path> classDirs = list(root).filter(Files::isDirectory).toList();
    if (classDirs.isEmpty()) {
      throw new ViSFTException(
          "image folder data set "
              + root
              + " has no class sub-folders; expected root/<class>/<image>");
    }
    List<String> names = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path dir : classDirs) {
      List<Path> images = list(dir).filter(p -> Files.isRegularFile(p) && isImage(p)).toList();
      if (images.isEmpty()) {
        throw new ViSFTException(
            "class folder " + dir + " holds no image; expected files ending in " + EXTENSIONS);
      }
      int label = names.size();
      names.add(dir.getFileName().toString());
      for (Path image : images) {
        files.add(image);
        labels.add(label);
      }
    }
    return new ImageFolderDataset(
        root, names, files, labels.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Stream<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList()
          .stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** The image file of {@code index}. */
  public Path file(int index) {
    return files.get(index);
  }

  /**
   * Root, image count and a digest of every image's relative path, size, time and bytes (read once,
   * on the first call), so that images rewritten in place give a new identity.
   */
  @Override
  public String id() {
    String known = id;
    if (known == null) {
      known =
          "image-folder:"
              + root.toAbsolutePath().normalize()
              + ":"
              + files.size()
              + ":"
              + FileDigests.of(root, files);
      id = known;
    }
    return known;
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public RgbImage image(int index) {
    return ImageDecoder.decode(files.get(index));
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }
}

package io.visft.core.data.text;

import io.visft.core.data.LabeledImages;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import io.visft.core.io.FileDigests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A words folder ({@link WordLabelsFile}) as a data set: image {@code i} decoded by {@link
 * ImageDecoder}, its word {@link #text(int)}. As {@link LabeledImages}, each distinct word is a
 * class (class names are the distinct words, sorted), so the folder goes through the same embedders
 * and caches as classification data.
 *
 * <p>Immutable; {@link #image} decodes from disk on each call and is thread-safe.
 */
public final class WordImages implements LabeledImages {
  private final Path folder;
  private final WordLabels labels;
  private final String id;
  private final List<String> classNames;
  private final int[] classOf;

  private WordImages(Path folder, WordLabels labels, String id) {
    this.folder = folder;
    this.labels = labels;
    this.id = id;
    this.classNames =
        List.copyOf(new TreeSet<>(labels.words().stream().map(WordLabels.Entry::text).toList()));
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classNames.size(); i++) {
      index.put(classNames.get(i), i);
    }
    this.classOf = labels.words().stream().mapToInt(e -> index.get(e.text())).toArray();
  }

  /**
   * Reads the folder's labels file (images are decoded on demand).
   *
   * @throws io.visft.api.FileFormatException naming the labels file, entry and field when it is
   *     malformed or names a missing image
   */
  public static WordImages open(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    WordLabels labels = WordLabelsFile.read(absolute);
    List<Path> files = new ArrayList<>();
    files.add(absolute.resolve(WordLabelsFile.NAME));
    labels.words().forEach(w -> files.add(absolute.resolve(w.file())));
    return new WordImages(
        absolute,
        labels,
        "words:" + absolute + ":" + labels.words().size() + ":" + FileDigests.of(absolute, files));
  }

  /** The labels file's content. */
  public WordLabels wordLabels() {
    return labels;
  }

  /** The word shown by image {@code index}. */
  public String text(int index) {
    return labels.words().get(index).text();
  }

  /** Every word, in image order. */
  public List<String> texts() {
    return labels.words().stream().map(WordLabels.Entry::text).toList();
  }

  /** The image file of {@code index}. */
  public Path file(int index) {
    return folder.resolve(labels.words().get(index).file());
  }

  /** Folder, word count and a digest of the labels file and every image ({@link FileDigests}). */
  @Override
  public String id() {
    return id;
  }

  @Override
  public int size() {
    return classOf.length;
  }

  /** The index of this image's word among {@link #classNames()}. */
  @Override
  public int label(int index) {
    return classOf[index];
  }

  @Override
  public RgbImage image(int index) {
    return ImageDecoder.decode(file(index));
  }

  /** The distinct words, sorted. */
  @Override
  public List<String> classNames() {
    return classNames;
  }
}

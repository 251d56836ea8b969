package io.visft.core.data.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a words folder: {@code images/000001.png} … drawn by {@link WordRenderer}, and {@link
 * WordLabelsFile#NAME} with each file's word and font and the render settings.
 *
 * <p>Deterministic: the same config gives byte-identical files on a machine with the same fonts and
 * JDK. Thread-safe; each call writes its own folder.
 */
public final class WordDatasetGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(WordDatasetGenerator.class);

  private WordDatasetGenerator() {}

  /**
   * Renders {@code config} into {@code folder}, which must be absent or empty, and opens it.
   *
   * @throws IllegalArgumentException if {@code folder} holds files
   * @throws io.visft.api.ViSFTException if no installed font can draw the alphabet
   * @throws UncheckedIOException if writing fails
   */
  public static WordImages generate(WordRenderConfig config, Path folder) {
    WordRenderer renderer = new WordRenderer(config);
    try {
      checkArgument(
          !Files.exists(folder) || isEmptyDirectory(folder),
          "output folder %s is not empty; choose a new folder so that no stale images mix in",
          folder);
      Path images = folder.resolve("images");
      Files.createDirectories(images);
      List<WordLabels.Entry> entries = new ArrayList<>();
      for (int i = 0; i < config.count(); i++) {
        WordRenderer.RenderedWord word = renderer.render(i);
        String name = String.format(Locale.ROOT, "%06d.png", i + 1);
        if (!ImageIO.write(word.image(), "png", images.resolve(name).toFile())) {
          throw new IllegalStateException("no ImageIO PNG writer is available");
        }
        entries.add(new WordLabels.Entry("images/" + name, word.text(), word.family()));
      }
      WordLabelsFile.write(
          folder, new WordLabels(config.alphabet(), config.maxLength(), config, entries));
      LOG.info(
          "rendered {} words in {} font families to {}",
          config.count(),
          renderer.families().size(),
          folder);
      return WordImages.open(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the words folder " + folder + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}

package io.visft.core.data.synthetic;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.core.data.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a seeded, COCO-format data set of coloured shapes on textured backgrounds: PNG images,
 * {@code instances.json} (polygon segmentations, boxes and areas measured on the rasterised masks,
 * {@code iscrowd} 0, categories rectangle/ellipse/triangle) and {@code captions.json} (template
 * captions).
 *
 * <p>Segmentations are amodal: each polygon outlines its whole shape, including parts that a shape
 * drawn later covers (overlaps are kept small, see the sampler). Rectangles and triangles are exact
 * polygons; ellipses are 32-gons. Images are named {@code 000001.png} (in-domain) or {@code
 * <class>/000001.png} (held-out, one folder per class), ids start at 1.
 *
 * <p>Deterministic: the same config gives byte-identical files on the same JDK. Thread-safe; each
 * call writes its own directory.
 */
public final class SyntheticCocoGenerator {
  private static final Logger LOG = LoggerFactory.getLogger(SyntheticCocoGenerator.class);

  private final SyntheticCocoConfig config;

  /** A generator for {@code config}; nothing is drawn until {@link #generate} or {@link #scene}. */
  public SyntheticCocoGenerator(SyntheticCocoConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The scene of image {@code imageIndex} (0-based), as {@link #generate} draws it. */
  public Scene scene(int imageIndex) {
    checkArgument(
        imageIndex >= 0 && imageIndex < config.imageCount(),
        "image index %s is outside 0..%s",
        imageIndex,
        config.imageCount() - 1);
    return SceneSampler.sample(config, imageIndex);
  }

  /**
   * Generates the data set into {@code outputDir}, which must be absent or empty.
   *
   * @throws IllegalArgumentException if {@code outputDir} holds files
   * @throws UncheckedIOException if writing fails
   */
  public SyntheticDataset generate(Path outputDir) {
    try {
      checkArgument(
          !Files.exists(outputDir) || isEmptyDirectory(outputDir),
          "output directory %s is not empty; choose a new directory so no stale images mix in",
          outputDir);
      Path imageDir = outputDir.resolve("images");
      Files.createDirectories(imageDir);
      CocoJsonWriter json = new CocoJsonWriter(config);
      for (int i = 0; i < config.imageCount(); i++) {
        Scene scene = scene(i);
        SceneRenderer.RenderedScene rendered = SceneRenderer.render(scene);
        String fileName = fileName(i);
        Path file = imageDir.resolve(fileName);
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(rendered.image(), "png", file.toFile())) {
          throw new IllegalStateException("no ImageIO PNG writer is available");
        }
        List<String> captions =
            SceneCaptioner.captions(
                scene,
                config.captionsPerImage(),
                new SplittableRandom(Seeds.mix(config.seed(), i, 1)));
        json.addImage(i + 1, fileName, scene, rendered.masks(), captions);
      }
      SyntheticDataset dataset =
          new SyntheticDataset(
              outputDir,
              imageDir,
              outputDir.resolve("instances.json"),
              outputDir.resolve("captions.json"),
              config.imageCount(),
              json.annotationCount());
      json.write(dataset.instancesJson(), dataset.captionsJson());
      LOG.info(
          "wrote {} synthetic {} images with {} objects to {}",
          dataset.imageCount(),
          config.domain(),
          dataset.annotationCount(),
          outputDir);
      return dataset;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the synthetic data set to " + outputDir + ": " + e.getMessage(), e);
    }
  }

  private String fileName(int imageIndex) {
    String name = String.format(Locale.ROOT, "%06d.png", imageIndex + 1);
    return config.domain() == SceneDomain.HELD_OUT
        ? SceneSampler.heldOutClass(imageIndex).categoryName() + "/" + name
        : name;
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

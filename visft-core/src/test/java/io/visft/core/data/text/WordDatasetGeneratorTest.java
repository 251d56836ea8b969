package io.visft.core.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ViSFTException;
import io.visft.core.data.image.ImageDecoder;
import io.visft.core.data.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendered word folders: determinism by seed, the labels round trip, and what the words look like.
 */
class WordDatasetGeneratorTest {
  private static final WordRenderConfig CONFIG =
      new WordRenderConfig(11, 24, new Alphabet("abcxyz"), 2, 5, 80, 24);

  @TempDir Path dir;

  @Test
  void sameSeedGivesByteIdenticalFilesAndAnotherSeedOtherWords() throws IOException {
    WordImages first = WordDatasetGenerator.generate(CONFIG, dir.resolve("first"));
    WordImages second = WordDatasetGenerator.generate(CONFIG, dir.resolve("second"));
    assertArrayEquals(
        Files.readAllBytes(dir.resolve("first").resolve(WordLabelsFile.NAME)),
        Files.readAllBytes(dir.resolve("second").resolve(WordLabelsFile.NAME)));
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(
          Files.readAllBytes(first.file(i)), Files.readAllBytes(second.file(i)), "image " + i);
    }
    WordRenderConfig reseeded = new WordRenderConfig(12, 24, CONFIG.alphabet(), 2, 5, 80, 24);
    assertNotEquals(
        first.texts(), WordDatasetGenerator.generate(reseeded, dir.resolve("third")).texts());
  }

  @Test
  void labelsRoundTripAndImagesDecodeAtTheirSize() {
    WordRenderer renderer = new WordRenderer(CONFIG);
    WordImages words = WordDatasetGenerator.generate(CONFIG, dir.resolve("words"));
    assertEquals(CONFIG, words.wordLabels().render());
    assertEquals(CONFIG.alphabet(), words.wordLabels().alphabet());
    assertEquals(24, words.size());
    Set<Integer> lengths = new HashSet<>();
    for (int i = 0; i < words.size(); i++) {
      WordRenderer.RenderedWord drawn = renderer.render(i);
      assertEquals(drawn.text(), words.text(i));
      assertEquals(drawn.family(), words.wordLabels().words().get(i).font());
      assertEquals(words.text(i), words.classNames().get(words.label(i)));
      assertTrue(CONFIG.alphabet().canSpell(words.text(i)), words.text(i));
      lengths.add(words.text(i).length());
      RgbImage image = ImageDecoder.decode(words.file(i));
      assertEquals(24, image.height());
      assertEquals(80, image.width());
    }
    assertTrue(
        lengths.size() >= 3 && lengths.stream().allMatch(n -> n >= 2 && n <= 5),
        "word lengths " + lengths);
    assertEquals(
        words.id(),
        WordImages.open(dir.resolve("words")).id(),
        "reopening gives the same identity");
  }

  @Test
  void inkContrastsWithTheBackground() {
    RgbImage image =
        ImageDecoder.decode(WordDatasetGenerator.generate(CONFIG, dir.resolve("words")).file(0));
    float min = 1;
    float max = 0;
    for (float v : image.planes()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertTrue(max - min > 0.4, "grey range " + min + ".." + max + ": the word is not visible");
  }

  @Test
  void fontsAreInstalledFamiliesChosenAcrossWords() {
    List<String> families = FontCatalog.familiesFor(CONFIG.alphabet());
    assertEquals(families.stream().sorted().toList(), families);
    WordRenderer renderer =
        new WordRenderer(new WordRenderConfig(3, 200, CONFIG.alphabet(), 2, 5, 80, 24));
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      used.add(renderer.render(i).family());
    }
    assertEquals(
        Math.min(families.size(), 200), used.size(), "every family is drawn from: " + families);
  }

  @Test
  void anAlphabetNoFontCanDrawIsRefusedWithAFix() {
    ViSFTException e =
        assertThrows(ViSFTException.class, () -> FontCatalog.familiesFor(new Alphabet("\uFFFF")));
    assertTrue(
        e.getMessage().contains("no installed font") && e.getMessage().contains("apt-get install"),
        e.getMessage());
  }

  @Test
  void aFolderWithFilesIsNotOverwritten() throws IOException {
    Files.createDirectories(dir.resolve("used"));
    Files.writeString(dir.resolve("used/old.txt"), "x");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WordDatasetGenerator.generate(CONFIG, dir.resolve("used")));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
  }
}

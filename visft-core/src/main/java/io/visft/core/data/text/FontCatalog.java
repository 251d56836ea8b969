package io.visft.core.data.text;

import io.visft.api.ViSFTException;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The installed font families that can draw a whole alphabet, listed through Java2D (works
 * headless), in sorted order so that a seeded choice among them is reproducible on a machine.
 * Java's logical families (Dialog, SansSerif, ...) are left out: they are aliases of installed
 * fonts. Stateless and thread-safe.
 */
public final class FontCatalog {
  private static final Set<String> LOGICAL =
      Set.of("Dialog", "DialogInput", "Monospaced", "SansSerif", "Serif");

  private FontCatalog() {}

  /**
   * The families able to draw every character of {@code alphabet}.
   *
   * @throws ViSFTException if none is installed, saying how to install fonts
   */
  public static List<String> familiesFor(Alphabet alphabet) {
    String[] installed =
        GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT);
    List<String> usable =
        Arrays.stream(installed)
            .filter(family -> !LOGICAL.contains(family))
            .filter(
                family ->
                    new Font(family, Font.PLAIN, 12).canDisplayUpTo(alphabet.characters()) == -1)
            .sorted()
            .toList();
    if (usable.isEmpty()) {
      throw new ViSFTException(
          "no installed font can draw every character of the alphabet \""
              + alphabet.characters()
              + "\" (installed families: "
              + Arrays.toString(installed)
              + "); install fonts, e.g. apt-get install "
              + "fonts-dejavu-core fonts-liberation, or use an alphabet they cover");
    }
    return usable;
  }
}

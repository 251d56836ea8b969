package io.visft.core.data.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ViSFTException;
import io.visft.core.data.ClassBalancedSubset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
  @TempDir Path root;

  private void png(String path, int rgb) throws IOException {
    image(path, rgb, "png");
  }

  private void image(String path, int rgb, String format) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    assertTrue(ImageIO.write(image, format, file.toFile()), "an ImageIO writer for " + format);
  }

  @Test
  void classesAreSortedFoldersAndOnlyImagesCount() throws IOException {
    png("zebra/b.png", 0xFF0000);
    png("zebra/a.PNG", 0x00FF00);
    png("ant/x.png", 0x0000FF);
    png("ant/y.png", 0x0000FF);
    png("ant/z.png", 0x0000FF);
    Files.writeString(root.resolve("ant/notes.txt"), "not an image");
    Files.writeString(root.resolve("README"), "a file at the top is not a class");
    ImageFolderDataset data = ImageFolderDataset.open(root);
    assertEquals(List.of("ant", "zebra"), data.classNames());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1}, data.labels());
    assertEquals("a.PNG", data.file(3).getFileName().toString());
    assertEquals(1f, data.image(3).get(1, 0, 0), "a.PNG is green");

    ClassBalancedSubset two = ClassBalancedSubset.of(data, 2);
    assertArrayEquals(new int[] {0, 0, 1, 1}, two.labels());
    assertTrue(two.id().startsWith(data.id()) && !two.id().equals(data.id()));
  }

  @Test
  void everyListedExtensionDecodes() throws IOException {
    image("colours/a.bmp", 0xFF0000, "bmp");
    image("colours/b.gif", 0x00FF00, "gif");
    image("colours/c.jpg", 0xFFFFFF, "jpg");
    png("colours/d.png", 0x0000FF);
    ImageFolderDataset data = ImageFolderDataset.open(root);
    assertEquals(4, data.size());
    assertEquals(1f, data.image(0).get(0, 1, 2), "a.bmp is red");
    assertEquals(1f, data.image(1).get(1, 1, 2), "b.gif is green");
    assertEquals(1f, data.image(2).get(2, 1, 2), 0.01f, "c.jpg is white");
    assertEquals(1f, data.image(3).get(2, 1, 2), "d.png is blue");
  }

  @Test
  void emptyClassFolderIsAnError() throws IOException {
    png("cat/a.png", 0);
    Files.createDirectories(root.resolve("dog"));
    ViSFTException e = assertThrows(ViSFTException.class, () -> ImageFolderDataset.open(root));
    assertTrue(
        e.getMessage().contains("dog") && e.getMessage().contains("holds no image"),
        e.getMessage());
  }

  /** The case: one class's images overwritten with another's, same names and count. */
  @Test
  void imagesRewrittenInPlaceGiveANewIdentity() throws IOException {
    png("ant/x.png", 0x0000FF);
    png("ant/y.png", 0x0000FF);
    png("zebra/a.png", 0x00FF00);
    png("zebra/b.png", 0x00FF00);
    String before = ImageFolderDataset.open(root).id();
    assertEquals(
        before,
        ImageFolderDataset.open(root).id(),
        "reopening an unchanged folder gives the same identity");
    for (String name : List.of("x.png", "y.png")) {
      Path file = root.resolve("ant").resolve(name);
      FileTime time = Files.getLastModifiedTime(file);
      Files.copy(root.resolve("zebra/a.png"), file, StandardCopyOption.REPLACE_EXISTING);
      Files.setLastModifiedTime(file, time);
    }
    assertEquals(Files.size(root.resolve("zebra/a.png")), Files.size(root.resolve("ant/x.png")));
    assertNotEquals(
        before,
        ImageFolderDataset.open(root).id(),
        "same names, count, sizes and times; other bytes");
  }
}

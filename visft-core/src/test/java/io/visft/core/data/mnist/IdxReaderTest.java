package io.visft.core.data.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.core.data.image.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here byte by byte, as the format describes them. */
class IdxReaderTest {
  @TempDir Path dir;

  private static byte[] idx(int type, int[] dims, byte[] values) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(values);
    return bytes.toByteArray();
  }

  private Path write(String name, byte[] content, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 255, 7, 8, 9, 10, 11};

  @Test
  void readsPlainAndGzippedFilesAlike() throws IOException {
    byte[] content = idx(0x08, new int[] {2, 2, 3}, PIXELS);
    IdxArray plain = IdxReader.read(write("a-idx3-ubyte", content, false));
    IdxArray gzipped = IdxReader.read(write("a-idx3-ubyte.gz", content, true));
    assertArrayEquals(new int[] {2, 2, 3}, plain.dims());
    assertEquals(255, plain.unsigned(6), "values are unsigned");
    assertEquals(plain, gzipped);
  }

  @Test
  void malformedFilesNameTheFileFieldAndExpectation() throws IOException {
    assertError(
        write("magic", new byte[] {1, 0, 8, 1, 0, 0, 0, 0}, false),
        "magic bytes 0-1 are 0x01 0x00, expected 0x00 0x00");
    assertError(
        write("type", idx(0x0D, new int[] {1}, new byte[4]), false),
        "type byte is 0x0d, expected 0x08");
    assertError(
        write("rank", new byte[] {0, 0, 8, 0}, false), "dimension count is 0, expected 1 to 8");
    assertError(write("short", idx(0x08, new int[] {2, 2, 3}, new byte[11]), true), "ends early");
    assertError(
        write("long", idx(0x08, new int[] {3}, new byte[4]), false),
        "data continues after the 3 values");
    assertError(
        write("negative", idx(0x08, new int[] {-1}, new byte[0]), false),
        "size of dimension 0 is -1");
  }

  @Test
  void aHeaderDeclaringMoreValuesThanTheFileHoldsFailsBeforeAllocatingThem() throws IOException {
    byte[] header = idx(0x08, new int[] {0x7FFF_FFF0}, new byte[8]);
    assertEquals(16, header.length);
    assertError(
        write("huge", header, false),
        "ends early: its header declares 2147483632 values [2147483632] but the file holds only 8 bytes after the header");
    assertError(
        write("huge.gz", header, true),
        "ends early: its header declares 2147483632 values [2147483632] but the data holds only 8");
  }

  @Test
  void dimensionsWhoseProductWrapsAroundAreRefused() throws IOException {
    assertError(
        write("wrap", idx(0x08, new int[] {65536, 65536, 65536, 65536}, new byte[0]), false),
        "dimensions [65536, 65536, 65536, 65536] declare more than 2147483639 values");
  }

  @Test
  void corruptGzipNamesTheCause() throws IOException {
    Path file = dir.resolve("bad.gz");
    Files.write(
        file,
        new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3});
    assertError(file, "the gzip data is corrupt (");
  }

  @Test
  void aMissingFileSaysSo() {
    Path file = dir.resolve("absent-idx1-ubyte");
    assertEquals(
        "cannot read IDX file " + file + ": no such file",
        assertThrows(UncheckedIOException.class, () -> IdxReader.read(file)).getMessage());
  }

  private static void assertError(Path file, String expected) {
    FileFormatException e = assertThrows(FileFormatException.class, () -> IdxReader.read(file));
    assertTrue(
        e.getMessage().contains(file.toString()) && e.getMessage().contains(expected),
        e.getMessage());
  }

  @Test
  void fashionMnistSplitTurnsGreyIntoRgbAndChecksLabels() throws IOException {
    write("t10k-images-idx3-ubyte.gz", idx(0x08, new int[] {2, 2, 3}, PIXELS), true);
    write("t10k-labels-idx1-ubyte.gz", idx(0x08, new int[] {2}, new byte[] {9, 0}), true);
    FashionMnist data = FashionMnist.open(dir, FashionMnist.Split.TEST);
    assertEquals(2, data.size());
    assertEquals(9, data.label(0));
    RgbImage second = data.image(1);
    assertEquals(2, second.height());
    assertEquals(3, second.width());
    assertEquals(255 / 255f, second.get(0, 0, 0));
    assertEquals(255 / 255f, second.get(2, 0, 0));
    assertEquals(11 / 255f, second.get(1, 1, 2), 1e-7);

    write("t10k-labels-idx1-ubyte.gz", idx(0x08, new int[] {2}, new byte[] {10, 0}), true);
    FileFormatException e =
        assertThrows(
            FileFormatException.class, () -> FashionMnist.open(dir, FashionMnist.Split.TEST));
    assertTrue(e.getMessage().contains("label 0 is 10, expected 0 to 9"), e.getMessage());
    write("t10k-labels-idx1-ubyte.gz", idx(0x08, new int[] {3}, new byte[] {1, 0, 2}), true);
    e =
        assertThrows(
            FileFormatException.class, () -> FashionMnist.open(dir, FashionMnist.Split.TEST));
    assertTrue(e.getMessage().contains("expected [2]"), e.getMessage());
    e =
        assertThrows(
            FileFormatException.class, () -> FashionMnist.open(dir, FashionMnist.Split.TRAIN));
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
  }
}

package io.visft.core.io.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipCentralDirectoryTest {

  @TempDir Path tmp;

  private static List<ZipRecord> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return ZipCentralDirectory.read(channel, file);
    }
  }

  private static byte[] bytesAt(Path file, long offset, int length) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(length);
      channel.read(buffer, offset);
      return buffer.array();
    }
  }

  /** A zip written by java.util.zip: data descriptors, a deflated entry and an archive comment. */
  private Path javaZip(byte[] stored, byte[] deflated) throws IOException {
    Path file = tmp.resolve("java.zip");
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.setComment("written by java.util.zip");
      ZipEntry storedEntry = new ZipEntry("ckpt/data/0");
      storedEntry.setMethod(ZipEntry.STORED);
      storedEntry.setSize(stored.length);
      CRC32 crc = new CRC32();
      crc.update(stored);
      storedEntry.setCrc(crc.getValue());
      zip.putNextEntry(storedEntry);
      zip.write(stored);
      zip.putNextEntry(new ZipEntry("ckpt/data.pkl"));
      zip.write(deflated);
    }
    return file;
  }

  @Test
  void readsAnotherWritersZipWithAComment() throws IOException {
    byte[] stored = "sixteen bytes!!!".getBytes(StandardCharsets.US_ASCII);
    byte[] deflated = new byte[300];
    Arrays.fill(deflated, (byte) 'z');
    Path file = javaZip(stored, deflated);
    List<ZipRecord> records = read(file);
    assertEquals(
        List.of("ckpt/data/0", "ckpt/data.pkl"), records.stream().map(ZipRecord::name).toList());
    ZipRecord storedRecord = records.get(0);
    assertEquals(ZipRecord.STORED, storedRecord.method());
    assertEquals(16, storedRecord.compressedSize());
    assertArrayEquals(stored, bytesAt(file, storedRecord.dataOffset(), 16));
    ZipRecord deflatedRecord = records.get(1);
    assertEquals(ZipRecord.DEFLATED, deflatedRecord.method());
    assertEquals(300, deflatedRecord.uncompressedSize());
    assertTrue(deflatedRecord.compressedSize() < 300);
    try (ZipFile reference = new ZipFile(file.toFile())) {
      assertEquals(reference.getEntry("ckpt/data.pkl").getCrc(), deflatedRecord.crc32());
      assertEquals(
          reference.getEntry("ckpt/data.pkl").getCompressedSize(), deflatedRecord.compressedSize());
    }
  }

  @Test
  void readsSizesAndOffsetsFromZip64ExtraFields() throws IOException {
    List<ZipRecord> plain = read(PyTorchFixtures.path("module_state_dict.pth"));
    List<ZipRecord> zip64 = read(PyTorchFixtures.path("zip64.pth"));
    assertEquals(plain.size(), zip64.size());
    for (int i = 0; i < plain.size(); i++) {
      assertEquals(
          plain.get(i).name().replace("module_state_dict/", ""),
          zip64.get(i).name().replace("module_state_dict/", ""));
      assertEquals(plain.get(i).uncompressedSize(), zip64.get(i).uncompressedSize());
      assertEquals(plain.get(i).crc32(), zip64.get(i).crc32());
      assertArrayEquals(
          bytesAt(
              PyTorchFixtures.path("module_state_dict.pth"),
              plain.get(i).dataOffset(),
              (int) plain.get(i).compressedSize()),
          bytesAt(
              PyTorchFixtures.path("zip64.pth"),
              zip64.get(i).dataOffset(),
              (int) zip64.get(i).compressedSize()),
          zip64.get(i).name());
    }
  }

  @Test
  void reportsAMissingEndRecordAndACentralDirectoryOutsideTheFile() throws IOException {
    Path source = PyTorchFixtures.path("module_state_dict.pth");
    byte[] whole = Files.readAllBytes(source);
    Path noEnd = tmp.resolve("no_end.pth");
    Files.write(noEnd, Arrays.copyOf(whole, whole.length - 10));
    String message = assertThrows(FileFormatException.class, () -> read(noEnd)).getMessage();
    assertTrue(
        message.contains("no zip end-of-central-directory record")
            && message.contains(noEnd.toString()),
        message);

    byte[] javaWritten = Files.readAllBytes(javaZip(new byte[4], new byte[4]));
    for (Path corrupt :
        List.of(
            withCentralOffset(whole, "PK\6\6", 48, Long.BYTES, "zip64_offset.pth"),
            withCentralOffset(javaWritten, "PK\5\6", 16, Integer.BYTES, "offset.zip"))) {
      message = assertThrows(FileFormatException.class, () -> read(corrupt)).getMessage();
      assertTrue(
          message.contains("does not fit in the file") && message.contains(corrupt.toString()),
          message);
    }
  }

  @Test
  void refusesTwoEntriesOfOneName() throws IOException {
    Path file = tmp.resolve("duplicate.zip");
    try (OutputStream out = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : List.of("ckpt/first", "ckpt/other")) {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(name.getBytes(StandardCharsets.US_ASCII));
      }
    }
    byte[] zip = Files.readAllBytes(file);
    int centralName = new String(zip, StandardCharsets.ISO_8859_1).lastIndexOf("ckpt/other");
    System.arraycopy("ckpt/first".getBytes(StandardCharsets.US_ASCII), 0, zip, centralName, 10);
    Files.write(file, zip);
    String message = assertThrows(FileFormatException.class, () -> read(file)).getMessage();
    assertTrue(message.contains("the zip has two entries named 'ckpt/first'"), message);
  }

  /** A copy whose (ZIP64) end record puts the central directory 100000 bytes too far. */
  private Path withCentralOffset(byte[] zip, String signature, int field, int width, String name)
      throws IOException {
    byte[] copy = zip.clone();
    int record = new String(copy, StandardCharsets.ISO_8859_1).lastIndexOf(signature);
    ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
    if (width == Long.BYTES) {
      buffer.putLong(record + field, buffer.getLong(record + field) + 100000);
    } else {
      buffer.putInt(record + field, buffer.getInt(record + field) + 100000);
    }
    return Files.write(tmp.resolve(name), copy);
  }
}

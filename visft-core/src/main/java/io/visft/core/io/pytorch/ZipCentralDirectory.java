package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the central directory of a zip archive (PKWARE APPNOTE 6.3, including ZIP64) and resolves
 * each entry's data offset from its local file header. Reads only headers, never entry data, so
 * opening a checkpoint of any size touches a few kilobytes.
 */
final class ZipCentralDirectory {

  private static final int END_SIGNATURE = 0x06054b50;
  private static final int END_SIZE = 22;
  private static final int MAX_COMMENT_LENGTH = 0xFFFF;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_LOCATOR_SIZE = 20;
  private static final int ZIP64_END_SIGNATURE = 0x06064b50;
  private static final int ZIP64_END_SIZE = 56;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int CENTRAL_HEADER_SIZE = 46;
  private static final int LOCAL_SIGNATURE = 0x04034b50;
  private static final int LOCAL_HEADER_SIZE = 30;
  private static final int ZIP64_EXTRA_ID = 0x0001;
  private static final long SATURATED = 0xFFFFFFFFL;
  private static final int ENCRYPTED_FLAG = 0x1;

  private final FileChannel channel;
  private final Path file;
  private final long fileSize;

  private ZipCentralDirectory(FileChannel channel, Path file) throws IOException {
    this.channel = channel;
    this.file = file;
    this.fileSize = channel.size();
  }

  /**
   * All entries of the archive, in central-directory order.
   *
   * @throws io.visft.api.FileFormatException if the archive is truncated, corrupt, encrypted or has
   *     two entries of one name
   */
  static List<ZipRecord> read(FileChannel channel, Path file) throws IOException {
    return new ZipCentralDirectory(channel, file).entries();
  }

  private List<ZipRecord> entries() throws IOException {
    long endOffset = findEndRecord();
    ByteBuffer end = readAt(endOffset, END_SIZE, "end-of-central-directory record");
    long count = u16(end, 10);
    long size = u32(end, 12);
    long offset = u32(end, 16);
    if (endOffset >= ZIP64_LOCATOR_SIZE) {
      ByteBuffer locator =
          readAt(endOffset - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE, "ZIP64 locator");
      if (locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
        ByteBuffer zip64End = readZip64End(locator.getLong(8), endOffset - ZIP64_LOCATOR_SIZE);
        count = zip64End.getLong(32);
        size = zip64End.getLong(40);
        offset = zip64End.getLong(48);
      }
    }
    if (count < 0
        || size < 0
        || offset < 0
        || offset > fileSize - size
        || size > Integer.MAX_VALUE) {
      throw malformed(
          file,
          "the central directory ("
              + count
              + " entries, "
              + size
              + " bytes at offset "
              + offset
              + ") does not fit in the file of "
              + fileSize
              + " bytes: the file is truncated or corrupt");
    }
    ByteBuffer directory = readAt(offset, (int) size, "central directory");
    List<ZipRecord> records = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int position = 0;
    for (long i = 0; i < count; i++) {
      ZipRecord record = readCentralHeader(directory, position);
      position +=
          CENTRAL_HEADER_SIZE
              + u16(directory, position + 28)
              + u16(directory, position + 30)
              + u16(directory, position + 32);
      if (!names.add(record.name())) {
        throw malformed(
            file,
            "the zip has two entries named '"
                + record.name()
                + "'; an archive with ambiguous entries is refused");
      }
      records.add(record);
    }
    return records;
  }

  private long findEndRecord() throws IOException {
    int tailLength = (int) Math.min(fileSize, END_SIZE + MAX_COMMENT_LENGTH);
    ByteBuffer tail = readAt(fileSize - tailLength, tailLength, "end of the file");
    for (int at = tailLength - END_SIZE; at >= 0; at--) {
      if (tail.getInt(at) == END_SIGNATURE && at + END_SIZE + u16(tail, at + 20) == tailLength) {
        return fileSize - tailLength + at;
      }
    }
    throw malformed(
        file,
        "no zip end-of-central-directory record in the last "
            + tailLength
            + " bytes of "
            + fileSize
            + ": the file is truncated or is not a zip archive; "
            + "re-download or re-save the checkpoint");
  }

  private ByteBuffer readZip64End(long recordOffset, long locatorOffset) throws IOException {
    if (recordOffset < 0 || recordOffset > locatorOffset - ZIP64_END_SIZE) {
      throw malformed(
          file,
          "the ZIP64 locator points to offset "
              + recordOffset
              + ", outside the file before the locator at "
              + locatorOffset);
    }
    ByteBuffer record =
        readAt(recordOffset, ZIP64_END_SIZE, "ZIP64 end-of-central-directory record");
    if (record.getInt(0) != ZIP64_END_SIGNATURE) {
      throw malformed(
          file,
          "no ZIP64 end-of-central-directory signature at offset "
              + recordOffset
              + " named by the ZIP64 locator");
    }
    return record;
  }

  private ZipRecord readCentralHeader(ByteBuffer directory, int at) throws IOException {
    if (at > directory.limit() - CENTRAL_HEADER_SIZE || directory.getInt(at) != CENTRAL_SIGNATURE) {
      throw malformed(
          file,
          "central directory entry at directory byte "
              + at
              + " is missing or has a bad signature: the central directory is corrupt");
    }
    int nameLength = u16(directory, at + 28);
    int extraLength = u16(directory, at + 30);
    if (at + CENTRAL_HEADER_SIZE + nameLength + extraLength + u16(directory, at + 32)
        > directory.limit()) {
      throw malformed(
          file,
          "central directory entry at directory byte "
              + at
              + " runs past the end of the central directory");
    }
    byte[] nameBytes = new byte[nameLength];
    directory.get(at + CENTRAL_HEADER_SIZE, nameBytes);
    String name = new String(nameBytes, StandardCharsets.UTF_8);
    if ((u16(directory, at + 8) & ENCRYPTED_FLAG) != 0) {
      throw malformed(file, "entry '" + name + "' is encrypted; checkpoints must not be encrypted");
    }
    long[] sizes = {u32(directory, at + 24), u32(directory, at + 20), u32(directory, at + 42)};
    applyZip64Extra(directory, at + CENTRAL_HEADER_SIZE + nameLength, extraLength, sizes, name);
    long uncompressed = sizes[0];
    long compressed = sizes[1];
    long localOffset = sizes[2];
    int method = u16(directory, at + 10);
    if (method == ZipRecord.STORED && compressed != uncompressed) {
      throw malformed(
          file,
          "stored entry '"
              + name
              + "' records "
              + compressed
              + " bytes in the file but "
              + uncompressed
              + " bytes of contents; a stored entry holds its contents as is");
    }
    long dataOffset = dataOffset(name, localOffset, compressed);
    return new ZipRecord(
        name, method, compressed, uncompressed, u32(directory, at + 16), dataOffset);
  }

  /**
   * Replaces saturated 32-bit fields by their 64-bit values from the ZIP64 extra field, which
   * lists, in this order, only the fields that are saturated: uncompressed size, compressed size,
   * local header offset.
   */
  private void applyZip64Extra(
      ByteBuffer directory, int start, int length, long[] sizes, String name) {
    int at = start;
    while (at + 4 <= start + length) {
      int id = u16(directory, at);
      int fieldLength = u16(directory, at + 2);
      if (at + 4 + fieldLength > start + length) {
        throw malformed(file, "entry '" + name + "' has an extra field running past its header");
      }
      if (id == ZIP64_EXTRA_ID) {
        int value = at + 4;
        for (int i = 0; i < sizes.length; i++) {
          if (sizes[i] == SATURATED) {
            if (value + 8 > at + 4 + fieldLength) {
              throw malformed(
                  file,
                  "entry '" + name + "' has a ZIP64 extra field too short for its saturated sizes");
            }
            sizes[i] = directory.getLong(value);
            value += 8;
          }
        }
      }
      at += 4 + fieldLength;
    }
    for (long size : sizes) {
      if (size < 0) {
        throw malformed(file, "entry '" + name + "' has a ZIP64 size or offset above 2^63");
      }
    }
  }

  private long dataOffset(String name, long localOffset, long compressedSize) throws IOException {
    if (localOffset > fileSize - LOCAL_HEADER_SIZE) {
      throw malformed(
          file,
          "entry '"
              + name
              + "' has its local header at offset "
              + localOffset
              + ", past the end of the file of "
              + fileSize
              + " bytes: the file is truncated");
    }
    ByteBuffer local = readAt(localOffset, LOCAL_HEADER_SIZE, "local header of '" + name + "'");
    if (local.getInt(0) != LOCAL_SIGNATURE) {
      throw malformed(
          file, "entry '" + name + "' has no local header signature at offset " + localOffset);
    }
    long dataOffset = localOffset + LOCAL_HEADER_SIZE + u16(local, 26) + u16(local, 28);
    if (compressedSize > fileSize - dataOffset) {
      throw malformed(
          file,
          "entry '"
              + name
              + "' needs bytes "
              + dataOffset
              + " to "
              + (dataOffset + compressedSize)
              + " but the file has only "
              + fileSize
              + ": the file is truncated");
    }
    return dataOffset;
  }

  private ByteBuffer readAt(long position, int length, String what) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw malformed(
            file,
            "the file ends at byte "
                + fileSize
                + ", inside the "
                + what
                + ": the file is truncated");
      }
    }
    return buffer.flip();
  }

  private static int u16(ByteBuffer buffer, int at) {
    return Short.toUnsignedInt(buffer.getShort(at));
  }

  private static long u32(ByteBuffer buffer, int at) {
    return Integer.toUnsignedLong(buffer.getInt(at));
  }
}

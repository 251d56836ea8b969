package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.CheckpointErrors.malformed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The records of a {@code torch.save} zip archive: {@code <archive>/data.pkl} (the pickled object)
 * and {@code <archive>/data/<key>} (one raw little-endian storage per key). The archive folder
 * name varies with the PyTorch version and the file name, so it is taken from where data.pkl is.
 *
 * <p>Stored (uncompressed) records, which is what torch.save writes, are memory-mapped on demand
 * and never copied to the heap; deflated records are inflated once into a direct buffer. The CRC
 * is verified for data.pkl and for inflated records; stored tensor records are not checksummed,
 * since that would read the whole (possibly many-gigabyte) file at open.
 *
 * <p>Thread-safe; {@link #close()} must not race reads.
 */
final class CheckpointArchive implements AutoCloseable {

  private static final String PICKLE_RECORD = "data.pkl";
  private static final String STORAGE_FOLDER = "data/";
  private static final String BYTE_ORDER_RECORD = "byteorder";
  private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
  private static final int PICKLE_PROTO_OPCODE = 0x80;

  private final Path file;
  private final FileChannel channel;
  private final String prefix;
  private final ZipRecord pickle;
  private final Map<String, ZipRecord> storages;
  private final Map<String, ByteBuffer> inflated = new ConcurrentHashMap<>();

  private CheckpointArchive(Path file, FileChannel channel, List<ZipRecord> records) {
    this.file = file;
    this.channel = channel;
    this.pickle = findPickle(records);
    this.prefix = pickle.name().substring(0, pickle.name().length() - PICKLE_RECORD.length());
    this.storages = new LinkedHashMap<>();
    for (ZipRecord record : records) {
      if (record.name().startsWith(prefix + STORAGE_FOLDER)) {
        storages.put(record.name().substring(prefix.length() + STORAGE_FOLDER.length()), record);
      }
    }
    checkByteOrder(records);
  }

  /**
   * Opens a checkpoint and reads its zip directory.
   *
   * @throws io.visft.api.FileFormatException if the file is not a torch.save zip archive
   * @throws UncheckedIOException if the file cannot be read
   */
  static CheckpointArchive open(Path file) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      checkZipMagic(file, channel);
      return new CheckpointArchive(file, channel, ZipCentralDirectory.read(channel, file));
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new UncheckedIOException("cannot read PyTorch checkpoint " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel, e);
      throw e;
    }
  }

  /** The archive folder, with its trailing slash, such as {@code archive/}. */
  String prefix() {
    return prefix;
  }

  /** The bytes of {@code <archive>/data.pkl}, CRC-checked. */
  byte[] pickleBytes() {
    if (pickle.uncompressedSize() > Integer.MAX_VALUE - 8) {
      throw malformed(file, "'" + pickle.name() + "' holds " + pickle.uncompressedSize()
          + " bytes, more than a pickled state dict can sensibly need");
    }
    ByteBuffer contents = whole(pickle);
    verifyCrc(pickle, contents);
    byte[] bytes = new byte[contents.remaining()];
    contents.get(bytes);
    return bytes;
  }

  /**
   * Checks that storage record {@code key} exists and holds at least {@code byteSize} bytes.
   *
   * @throws io.visft.api.FileFormatException naming the record otherwise
   */
  void checkStorage(String key, long byteSize, String declared) {
    ZipRecord record = storages.get(key);
    if (record == null) {
      throw malformed(file, "the pickle refers to storage record '" + prefix + STORAGE_FOLDER + key
          + "' which the archive lacks (it has " + storages.size() + " storage records): the archive is incomplete");
    }
    if (record.uncompressedSize() < byteSize) {
      throw malformed(file, "storage record '" + record.name() + "' holds " + record.uncompressedSize()
          + " bytes but the pickle declares " + declared + " (" + byteSize + " bytes)");
    }
  }

  /**
   * A little-endian read-only view of bytes {@code [byteOffset, byteOffset + byteLength)} of a
   * storage record checked with {@link #checkStorage}. Stored records are memory-mapped; the view
   * stays valid after {@link #close()} until it is garbage-collected.
   */
  ByteBuffer storageBytes(String key, long byteOffset, long byteLength) {
    ZipRecord record = storages.get(key);
    if (record.method() == ZipRecord.STORED) {
      return map(record.dataOffset() + byteOffset, byteLength);
    }
    ByteBuffer contents = inflated.computeIfAbsent(key, k -> {
      ByteBuffer bytes = whole(record);
      verifyCrc(record, bytes);
      return bytes;
    });
    return contents.slice(Math.toIntExact(byteOffset), Math.toIntExact(byteLength))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Closes the file; mapped views already handed out stay readable. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close PyTorch checkpoint " + file, e);
    }
  }

  private ZipRecord findPickle(List<ZipRecord> records) {
    List<ZipRecord> candidates = records.stream()
        .filter(r -> r.name().endsWith("/" + PICKLE_RECORD)
            && r.name().indexOf('/') == r.name().length() - PICKLE_RECORD.length() - 1)
        .toList();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    String listing = records.stream().limit(12).map(ZipRecord::name).collect(Collectors.joining(", "))
        + (records.size() > 12 ? ", ..." : "");
    if (candidates.isEmpty()) {
      throw malformed(file, "the zip has no '<archive>/data.pkl' record (its " + records.size()
          + " entries: " + listing + "); a torch.save checkpoint always has one: the file is "
          + "incomplete or is some other zip");
    }
    throw malformed(file, "the zip has " + candidates.size() + " '<archive>/data.pkl' records ("
        + candidates.stream().map(ZipRecord::name).collect(Collectors.joining(", "))
        + "); torch.save writes exactly one");
  }

  /** PyTorch 2.1 and later record the byte order of the storages; older files are little-endian. */
  private void checkByteOrder(List<ZipRecord> records) {
    for (ZipRecord record : records) {
      if (record.name().equals(prefix + BYTE_ORDER_RECORD)) {
        ByteBuffer contents = whole(record);
        byte[] bytes = new byte[contents.remaining()];
        contents.get(bytes);
        String order = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!order.equals("little")) {
          throw malformed(file, "'" + record.name() + "' says the storages are '" + order
              + "'-endian; only little-endian checkpoints are read: load and re-save it on a little-endian machine");
        }
      }
    }
  }

  private ByteBuffer whole(ZipRecord record) {
    return switch (record.method()) {
      case ZipRecord.STORED -> map(record.dataOffset(), record.compressedSize());
      case ZipRecord.DEFLATED -> inflate(record);
      default -> throw malformed(file, "entry '" + record.name() + "' uses zip compression method "
          + record.method() + "; only stored (0) and deflated (8) entries are supported");
    };
  }

  private ByteBuffer inflate(ZipRecord record) {
    if (record.uncompressedSize() > Integer.MAX_VALUE || record.compressedSize() > Integer.MAX_VALUE) {
      throw malformed(file, "deflated entry '" + record.name() + "' has " + record.compressedSize() + " bytes that inflate to "
          + record.uncompressedSize() + ", more than one buffer holds (2 GiB); re-save it with torch.save, which "
          + "stores entries uncompressed");
    }
    ByteBuffer input = map(record.dataOffset(), record.compressedSize());
    ByteBuffer output = ByteBuffer.allocateDirect((int) record.uncompressedSize());
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(input);
      while (output.hasRemaining() && !inflater.finished()) {
        if (inflater.inflate(output) == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
      }
      // With the output full, one more call either reaches the end marker or proves the stream longer.
      boolean longer = !inflater.finished() && !output.hasRemaining() && inflater.inflate(ByteBuffer.allocate(1)) > 0;
      if (longer || !inflater.finished() || output.hasRemaining()) {
        throw malformed(file, "deflated entry '" + record.name() + "' does not inflate to the "
            + record.uncompressedSize() + " bytes its directory entry records: the entry is corrupt");
      }
    } catch (DataFormatException e) {
      throw malformed(file, "deflated entry '" + record.name() + "' is corrupt: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
    return output.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  private void verifyCrc(ZipRecord record, ByteBuffer contents) {
    CRC32 crc = new CRC32();
    crc.update(contents.duplicate());
    if (crc.getValue() != record.crc32()) {
      throw malformed(file, "entry '" + record.name() + "' fails its CRC-32 check (computed "
          + Long.toHexString(crc.getValue()) + ", recorded " + Long.toHexString(record.crc32())
          + "): the file is corrupt; re-download or re-save it");
    }
  }

  private ByteBuffer map(long position, long size) {
    try {
      return channel.map(FileChannel.MapMode.READ_ONLY, position, size).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot map bytes " + position + " to " + (position + size)
          + " of PyTorch checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkZipMagic(Path file, FileChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    while (head.hasRemaining() && channel.read(head, head.position()) >= 0) {
      // read until four bytes or the end of a shorter file
    }
    if (head.position() == 4 && head.getInt(0) == LOCAL_HEADER_SIGNATURE) {
      return;
    }
    if (head.position() > 0 && Byte.toUnsignedInt(head.get(0)) == PICKLE_PROTO_OPCODE) {
      throw malformed(file, "this is a legacy (non-zip) torch.save file, written by PyTorch before 1.6 or "
          + "with _use_new_zipfile_serialization=False; only the zip format is read: re-save it with "
          + "torch.save(torch.load(path), path) in PyTorch 1.6 or later (torch.load runs the file's pickled code: do "
          + "that only for a file you trust)");
    }
    throw malformed(file, "the file does not start with a zip local header ('PK\\3\\4'): it is not a "
        + "torch.save zip checkpoint (it has " + channel.size() + " bytes)");
  }

  private static void closeQuietly(FileChannel channel, Exception failure) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}

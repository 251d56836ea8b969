package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import io.visft.core.io.IoFailures;
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
 * and {@code <archive>/data/<key>} (one raw little-endian storage per key). The archive folder name
 * varies with the PyTorch version and the file name, so it is taken from where data.pkl is.
 *
 * <p>Stored (uncompressed) records, which is what torch.save writes, are memory-mapped on demand
 * and never copied to the heap; deflated records are inflated once into a direct buffer. The CRC is
 * verified for data.pkl and for inflated records; stored tensor records are not checksummed, since
 * that would read the whole (possibly many-gigabyte) file at open.
 *
 * <p>Thread-safe; {@link #close()} must not race reads.
 */
final class TorchSaveArchive implements AutoCloseable {

  private static final String PICKLE_RECORD = "data.pkl";
  private static final String STORAGE_FOLDER = "data/";
  private static final String BYTE_ORDER_RECORD = "byteorder";
  private static final int LOCAL_HEADER_SIGNATURE = 0x04034b50;
  private static final int PICKLE_PROTO_OPCODE = 0x80;

  /**
   * Deflate's largest expansion: 258 bytes from a 2-bit code (zlib's technical notes give 1032:1).
   */
  static final long MAX_DEFLATE_RATIO = 1032;

  /** Allowance for the fixed overhead of a tiny stream (an empty stream is 2 bytes). */
  private static final long DEFLATE_SLACK = 1024;

  private static final int INITIAL_INFLATE_BYTES = 1 << 16;

  /**
   * A state dict's pickle takes about a hundred bytes per tensor; the tensor data lives elsewhere.
   */
  private static final long MAX_PICKLE_BYTES = 64L << 20;

  /** The byteorder record holds {@code little} or {@code big}. */
  private static final int MAX_BYTE_ORDER_BYTES = 16;

  private final Path file;
  private final FileChannel channel;
  private final String prefix;
  private final ZipRecord pickle;
  private final Map<String, ZipRecord> storages;
  private final Map<String, ByteBuffer> inflated = new ConcurrentHashMap<>();

  private TorchSaveArchive(Path file, FileChannel channel, List<ZipRecord> records) {
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
  static TorchSaveArchive open(Path file) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      checkZipMagic(file, channel);
      return new TorchSaveArchive(file, channel, ZipCentralDirectory.read(channel, file));
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new UncheckedIOException(
          "cannot read PyTorch checkpoint " + file + ": " + IoFailures.reason(e), e);
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
    if (pickle.uncompressedSize() > MAX_PICKLE_BYTES) {
      throw malformed(
          file,
          "'"
              + pickle.name()
              + "' holds "
              + pickle.uncompressedSize()
              + " bytes, more than a pickled state dict can sensibly need (at most "
              + MAX_PICKLE_BYTES
              + ")");
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
      throw malformed(
          file,
          "the pickle refers to storage record '"
              + prefix
              + STORAGE_FOLDER
              + key
              + "' which the archive lacks (it has "
              + storages.size()
              + " storage records): the archive is incomplete");
    }
    if (record.uncompressedSize() < byteSize) {
      throw malformed(
          file,
          "storage record '"
              + record.name()
              + "' holds "
              + record.uncompressedSize()
              + " bytes but the pickle declares "
              + declared
              + " ("
              + byteSize
              + " bytes)");
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
    ByteBuffer contents =
        inflated.computeIfAbsent(
            key,
            k -> {
              ByteBuffer bytes = whole(record);
              verifyCrc(record, bytes);
              return bytes;
            });
    return contents
        .slice(Math.toIntExact(byteOffset), Math.toIntExact(byteLength))
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
    List<ZipRecord> candidates =
        records.stream()
            .filter(
                r ->
                    r.name().endsWith("/" + PICKLE_RECORD)
                        && r.name().indexOf('/') == r.name().length() - PICKLE_RECORD.length() - 1)
            .toList();
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    String listing =
        records.stream().limit(12).map(ZipRecord::name).collect(Collectors.joining(", "))
            + (records.size() > 12 ? ", ..." : "");
    if (candidates.isEmpty()) {
      throw malformed(
          file,
          "the zip has no '<archive>/data.pkl' record (its "
              + records.size()
              + " entries: "
              + listing
              + "); a torch.save checkpoint always has one: the file is "
              + "incomplete or is some other zip");
    }
    throw malformed(
        file,
        "the zip has "
            + candidates.size()
            + " '<archive>/data.pkl' records ("
            + candidates.stream().map(ZipRecord::name).collect(Collectors.joining(", "))
            + "); torch.save writes exactly one");
  }

  /** PyTorch 2.1 and later record the byte order of the storages; older files are little-endian. */
  private void checkByteOrder(List<ZipRecord> records) {
    for (ZipRecord record : records) {
      if (record.name().equals(prefix + BYTE_ORDER_RECORD)) {
        if (record.uncompressedSize() > MAX_BYTE_ORDER_BYTES) {
          throw malformed(
              file,
              "'"
                  + record.name()
                  + "' holds "
                  + record.uncompressedSize()
                  + " bytes; torch.save "
                  + "writes 'little' or 'big' there: the archive is corrupt");
        }
        ByteBuffer contents = whole(record);
        byte[] bytes = new byte[contents.remaining()];
        contents.get(bytes);
        String order = new String(bytes, StandardCharsets.UTF_8).strip();
        if (!order.equals("little")) {
          throw malformed(
              file,
              "'"
                  + record.name()
                  + "' says the storages are '"
                  + order
                  + "'-endian; only little-endian checkpoints are read: load and re-save it on a little-endian machine");
        }
      }
    }
  }

  private ByteBuffer whole(ZipRecord record) {
    return switch (record.method()) {
      case ZipRecord.STORED -> map(record.dataOffset(), record.compressedSize());
      case ZipRecord.DEFLATED -> inflate(record);
      default ->
          throw malformed(
              file,
              "entry '"
                  + record.name()
                  + "' uses zip compression method "
                  + record.method()
                  + "; only stored (0) and deflated (8) entries are supported");
    };
  }

  /**
   * Inflates a deflated record. The directory's size is a claim, not a proof: it must be one that
   * the compressed bytes can produce (deflate expands at most {@link #MAX_DEFLATE_RATIO}-fold), and
   * the buffer grows with the bytes actually inflated, so a small file declaring gigabytes
   * allocates only what its data yields.
   */
  private ByteBuffer inflate(ZipRecord record) {
    long declared = record.uncompressedSize();
    long compressed = record.compressedSize();
    if (declared > Integer.MAX_VALUE - 8 || compressed > Integer.MAX_VALUE) {
      throw malformed(
          file,
          "deflated entry '"
              + record.name()
              + "' has "
              + compressed
              + " bytes that inflate to "
              + declared
              + ", more than one buffer holds (2 GiB); re-save it with torch.save, which "
              + "stores entries uncompressed");
    }
    if (declared > compressed * MAX_DEFLATE_RATIO + DEFLATE_SLACK) {
      throw malformed(
          file,
          "deflated entry '"
              + record.name()
              + "' declares "
              + declared
              + " bytes from "
              + compressed
              + " compressed bytes, but deflate expands at most "
              + MAX_DEFLATE_RATIO
              + "-fold: its directory entry is corrupt or forged");
    }
    ByteBuffer input = map(record.dataOffset(), compressed);
    ByteBuffer output = ByteBuffer.allocateDirect((int) Math.min(declared, INITIAL_INFLATE_BYTES));
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(input);
      while (!inflater.finished()) {
        if (!output.hasRemaining()) {
          if (output.capacity() == declared) {
            // At the declared size, one more call either reaches the end marker or proves the
            // stream longer.
            if (inflater.inflate(ByteBuffer.allocate(1)) > 0) {
              throw malformed(
                  file,
                  "deflated entry '"
                      + record.name()
                      + "' inflates to more than the "
                      + declared
                      + " bytes its directory entry records: the entry is corrupt");
            }
            break;
          }
          output = grown(output, declared);
        }
        if (inflater.inflate(output) == 0
            && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
      }
      if (!inflater.finished() || output.position() != declared) {
        String got =
            inflater.finished()
                ? "inflates to " + output.position() + " bytes"
                : "stops after " + output.position() + " bytes without an end marker";
        throw malformed(
            file,
            "deflated entry '"
                + record.name()
                + "' "
                + got
                + ", not the "
                + declared
                + " bytes its directory entry records: the entry is corrupt or truncated");
      }
    } catch (DataFormatException e) {
      throw malformed(
          file, "deflated entry '" + record.name() + "' is corrupt: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
    return output.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A buffer of twice the capacity (at most {@code limit}) holding what {@code full} holds. */
  private static ByteBuffer grown(ByteBuffer full, long limit) {
    ByteBuffer larger = ByteBuffer.allocateDirect((int) Math.min(limit, 2L * full.capacity()));
    return larger.put(full.flip());
  }

  private void verifyCrc(ZipRecord record, ByteBuffer contents) {
    CRC32 crc = new CRC32();
    crc.update(contents.duplicate());
    if (crc.getValue() != record.crc32()) {
      throw malformed(
          file,
          "entry '"
              + record.name()
              + "' fails its CRC-32 check (computed "
              + Long.toHexString(crc.getValue())
              + ", recorded "
              + Long.toHexString(record.crc32())
              + "): the file is corrupt; re-download or re-save it");
    }
  }

  private ByteBuffer map(long position, long size) {
    try {
      return channel
          .map(FileChannel.MapMode.READ_ONLY, position, size)
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot map bytes "
              + position
              + " to "
              + (position + size)
              + " of PyTorch checkpoint "
              + file
              + ": "
              + e.getMessage(),
          e);
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
      throw malformed(
          file,
          "this is a legacy (non-zip) torch.save file, written by PyTorch before 1.6 or "
              + "with _use_new_zipfile_serialization=False; only the zip format is read: re-save it with "
              + "torch.save(torch.load(path), path) in PyTorch 1.6 or later (torch.load runs the file's pickled code: do "
              + "that only for a file you trust)");
    }
    throw malformed(
        file,
        "the file does not start with a zip local header ('PK\\3\\4'): it is not a "
            + "torch.save zip checkpoint (it has "
            + channel.size()
            + " bytes)");
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

package io.visft.core.data.mnist;

import io.visft.api.FileFormatException;
import io.visft.core.io.IoFailures;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzipped (detected from the gzip
 * magic bytes, not the name).
 *
 * <p>Layout (big-endian): two zero bytes, a type byte, a dimension-count byte, one 32-bit size per
 * dimension, then the values. Only type {@code 0x08} (unsigned byte), the type of every MNIST image
 * and label file, is accepted. Stateless and thread-safe.
 */
public final class IdxReader {
  /** The type code of unsigned-byte values. */
  public static final int UNSIGNED_BYTE = 0x08;

  private static final int MAX_DIMS = 8;
  private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /**
   * Reads a whole IDX file.
   *
   * @throws FileFormatException naming the file, the field and what was expected when the header is
   *     malformed, the type is not unsigned byte, or the data is shorter or longer than the header
   *     says
   */
  public static IdxArray read(Path file) {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (DataInputStream in = new DataInputStream(gzip ? new GZIPInputStream(raw) : raw)) {
        return read(in, file, gzip ? -1 : Files.size(file));
      }
    } catch (EOFException e) {
      throw new FileFormatException(
          "IDX file "
              + file
              + " ends early: the header or data is truncated; "
              + "expected the full size its header declares (re-download or re-install the data set)",
          e);
    } catch (ZipException e) {
      throw new FileFormatException(
          "IDX file "
              + file
              + ": the gzip data is corrupt ("
              + e.getMessage()
              + "); re-download or re-install the data set",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read IDX file " + file + ": " + IoFailures.reason(e), e);
    }
  }

  /**
   * @param fileSize the size of a plain file, which bounds the values it can hold; -1 for gzip,
   *     whose values are read into a buffer that grows with the data, never sized from the header
   */
  private static IdxArray read(DataInputStream in, Path file, long fileSize) throws IOException {
    int zero0 = in.readUnsignedByte();
    int zero1 = in.readUnsignedByte();
    if (zero0 != 0 || zero1 != 0) {
      throw new FileFormatException(
          String.format(
              "IDX file %s: magic bytes 0-1 are 0x%02x 0x%02x, expected 0x00 0x00; this is not an IDX file",
              file, zero0, zero1));
    }
    int type = in.readUnsignedByte();
    if (type != UNSIGNED_BYTE) {
      throw new FileFormatException(
          String.format(
              "IDX file %s: type byte is 0x%02x, expected 0x08 (unsigned byte), the type of MNIST image and label files",
              file, type));
    }
    int rank = in.readUnsignedByte();
    if (rank < 1 || rank > MAX_DIMS) {
      throw new FileFormatException(
          "IDX file " + file + ": dimension count is " + rank + ", expected 1 to " + MAX_DIMS);
    }
    int[] dims = new int[rank];
    for (int d = 0; d < rank; d++) {
      dims[d] = in.readInt();
      if (dims[d] < 0) {
        throw new FileFormatException(
            "IDX file "
                + file
                + ": size of dimension "
                + d
                + " is "
                + dims[d]
                + ", expected a non-negative 32-bit count");
      }
    }
    long count = valueCount(dims, file);
    long headerBytes = 4 + 4L * rank;
    if (fileSize >= 0 && count > fileSize - headerBytes) {
      throw endsEarly(
          file,
          count,
          dims,
          "the file holds only " + (fileSize - headerBytes) + " bytes after the header");
    }
    byte[] values = in.readNBytes((int) count);
    if (values.length < count) {
      throw endsEarly(file, count, dims, "the data holds only " + values.length);
    }
    if (in.read() != -1) {
      throw new FileFormatException(
          "IDX file "
              + file
              + ": data continues after the "
              + count
              + " values its header declares; expected the file to end there");
    }
    return new IdxArray(dims, values);
  }

  private static FileFormatException endsEarly(Path file, long count, int[] dims, String holds) {
    return new FileFormatException(
        "IDX file "
            + file
            + " ends early: its header declares "
            + count
            + " values "
            + Arrays.toString(dims)
            + " but "
            + holds
            + "; re-download or re-install the data set");
  }

  /**
   * The product of the dimensions, refused above what one array holds (checked at every step, so it
   * cannot wrap).
   */
  private static long valueCount(int[] dims, Path file) {
    long count = 1;
    for (int d : dims) {
      if (d == 0) {
        return 0;
      }
    }
    for (int d : dims) {
      count *= d;
      if (count > MAX_VALUES) {
        throw new FileFormatException(
            "IDX file "
                + file
                + ": dimensions "
                + Arrays.toString(dims)
                + " declare more than "
                + MAX_VALUES
                + " values, the most one array holds");
      }
    }
    return count;
  }
}

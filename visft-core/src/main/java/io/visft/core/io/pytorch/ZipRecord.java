package io.visft.core.io.pytorch;

/**
 * One entry of a zip archive's central directory, with the position of its data resolved from the
 * local file header.
 *
 * @param name entry name, such as {@code archive/data/0}
 * @param method compression method: {@link #STORED} or {@link #DEFLATED}
 * @param compressedSize bytes of the entry's data in the file
 * @param uncompressedSize bytes of the entry once inflated (equal to compressedSize when stored)
 * @param crc32 CRC-32 of the uncompressed bytes, as recorded in the central directory
 * @param dataOffset absolute file offset of the entry's first data byte
 */
record ZipRecord(
    String name,
    int method,
    long compressedSize,
    long uncompressedSize,
    long crc32,
    long dataOffset) {

  static final int STORED = 0;
  static final int DEFLATED = 8;
}

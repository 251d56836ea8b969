package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Bounds-checked reads of the fixed-width and length-prefixed fields of pickle opcodes. */
final class PickleInput {

  private static final int MAX_LINE = 1024;

  private final Path file;
  private final ByteBuffer bytes;

  PickleInput(Path file, byte[] pickle) {
    this.file = file;
    this.bytes = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Offset of the next unread byte, for error messages. */
  int position() {
    return bytes.position();
  }

  boolean atEnd() {
    return !bytes.hasRemaining();
  }

  int u8() {
    require(1);
    return Byte.toUnsignedInt(bytes.get());
  }

  int u16() {
    require(2);
    return Short.toUnsignedInt(bytes.getShort());
  }

  int i32() {
    require(4);
    return bytes.getInt();
  }

  long u32() {
    return Integer.toUnsignedLong(i32());
  }

  /** An unsigned 64-bit length; lengths beyond the pickle's size are refused by {@link #bytes}. */
  long u64() {
    require(8);
    long value = bytes.getLong();
    return value < 0 ? Long.MAX_VALUE : value;
  }

  /** BINFLOAT's operand: an IEEE double, big-endian unlike every other field. */
  double bigEndianDouble() {
    require(8);
    return Double.longBitsToDouble(Long.reverseBytes(bytes.getLong()));
  }

  /** LONG1/LONG4's operand: a little-endian two's-complement integer of {@code length} bytes. */
  Object signedInteger(long length) {
    byte[] littleEndian = bytes(length);
    if (littleEndian.length == 0) {
      return 0L;
    }
    byte[] bigEndian = new byte[littleEndian.length];
    for (int i = 0; i < littleEndian.length; i++) {
      bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
    }
    BigInteger value = new BigInteger(bigEndian);
    return value.bitLength() < Long.SIZE ? (Object) value.longValue() : value;
  }

  byte[] bytes(long length) {
    if (length < 0 || length > bytes.remaining()) {
      throw malformed(
          file,
          "the pickle is truncated: a field at byte "
              + bytes.position()
              + " needs "
              + length
              + " bytes, only "
              + bytes.remaining()
              + " remain");
    }
    byte[] out = new byte[(int) length];
    bytes.get(out);
    return out;
  }

  String utf8(long length) {
    byte[] raw = bytes(length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed(
          file,
          "the pickle has a string ending before byte "
              + bytes.position()
              + " that is not valid UTF-8",
          e);
    }
  }

  /** GLOBAL's operands: text up to a newline, which is consumed. */
  String line() {
    int start = bytes.position();
    for (int at = start; at < bytes.limit() && at - start <= MAX_LINE; at++) {
      if (bytes.get(at) == '\n') {
        String text = utf8(at - start);
        bytes.get();
        return text;
      }
    }
    throw malformed(
        file,
        "the pickle has no newline within "
            + MAX_LINE
            + " bytes after byte "
            + start
            + ", where a GLOBAL module or name must end");
  }

  private void require(int count) {
    if (bytes.remaining() < count) {
      throw malformed(
          file,
          "the pickle is truncated: a field at byte "
              + bytes.position()
              + " needs "
              + count
              + " bytes, only "
              + bytes.remaining()
              + " remain");
    }
  }
}

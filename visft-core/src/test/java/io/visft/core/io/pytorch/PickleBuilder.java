package io.visft.core.io.pytorch;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Assembles pickle byte streams opcode by opcode, for tests of the restricted unpickler. */
final class PickleBuilder {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static PickleBuilder protocol(int version) {
    return new PickleBuilder().op(0x80).u8(version);
  }

  PickleBuilder op(int opcode) {
    out.write(opcode);
    return this;
  }

  PickleBuilder u8(int value) {
    out.write(value);
    return this;
  }

  PickleBuilder le(long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)));
    }
    return this;
  }

  PickleBuilder raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** BINUNICODE: 4-byte length then UTF-8. */
  PickleBuilder str(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    return op('X').le(utf8.length, 4).raw(utf8);
  }

  /** SHORT_BINUNICODE: 1-byte length then UTF-8. */
  PickleBuilder shortStr(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    return op(0x8c).u8(utf8.length).raw(utf8);
  }

  /** BININT1, BININT2 or BININT, whichever holds the value. */
  PickleBuilder integer(long value) {
    if (value >= 0 && value < 256) {
      return op('K').u8((int) value);
    } else if (value >= 0 && value < 65536) {
      return op('M').le(value, 2);
    }
    return op('J').le(value, 4);
  }

  PickleBuilder binFloat(double value) {
    byte[] bigEndian = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(value).array();
    return op('G').raw(bigEndian);
  }

  /** GLOBAL: module and name, each ended by a newline. */
  PickleBuilder global(String module, String name) {
    return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** {@code ('storage', torch.<type>, key, 'cpu', numel)} followed by BINPERSID. */
  PickleBuilder storage(String type, String key, int numel) {
    return op('(')
        .str("storage")
        .global("torch", type)
        .str(key)
        .str("cpu")
        .integer(numel)
        .op('t')
        .op('Q');
  }

  /** A tuple of small non-negative integers. */
  PickleBuilder intTuple(long... values) {
    op('(');
    for (long v : values) {
      integer(v);
    }
    return op('t');
  }

  byte[] stop() {
    out.write('.');
    return out.toByteArray();
  }
}

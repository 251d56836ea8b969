package io.visft.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense, row-major tensor held in host memory: the currency between users and the library.
 *
 * <p>{@code data} is little-endian and holds exactly {@code numel(shape) * dtype.byteSize()} bytes
 * from its position to its limit. The record does not copy: it shares the buffer it is given, which
 * may be heap, direct or memory-mapped. Not thread-safe if the buffer is mutated.
 *
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 * @param data the elements, little-endian
 */
public record HostTensor(DType dtype, long[] shape, ByteBuffer data) {

  public HostTensor {
    shape = shape.clone();
    for (long d : shape) {
      if (d < 0) {
        throw new ShapeException(
            "tensor shape " + Arrays.toString(shape) + " has a negative dimension");
      }
    }
    long expected = numel(shape) * dtype.byteSize();
    if (data.remaining() != expected) {
      throw new ShapeException(
          "tensor of dtype "
              + dtype
              + " and shape "
              + Arrays.toString(shape)
              + " needs "
              + expected
              + " bytes, the buffer holds "
              + data.remaining());
    }
    data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Wraps float values (copied into a fresh little-endian heap buffer). */
  public static HostTensor ofFloats(float[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new HostTensor(DType.F32, shape, b);
  }

  /** Wraps long values (copied into a fresh little-endian heap buffer). */
  public static HostTensor ofLongs(long[] values, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(values);
    return new HostTensor(DType.I64, shape, b);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long numel() {
    return numel(shape);
  }

  /** A float view of an F32 tensor (shares memory). */
  public FloatBuffer floatView() {
    if (dtype != DType.F32) {
      throw new ShapeException("floatView() needs an F32 tensor, this one is " + dtype);
    }
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }

  /** The elements of an F32 tensor copied into a new array. */
  public float[] toFloatArray() {
    FloatBuffer fb = floatView();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }

  /** The elements of an I64 tensor copied into a new array. */
  public long[] toLongArray() {
    if (dtype != DType.I64) {
      throw new ShapeException("toLongArray() needs an I64 tensor, this one is " + dtype);
    }
    java.nio.LongBuffer lb = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    long[] out = new long[lb.remaining()];
    lb.get(out);
    return out;
  }

  /** Product of the dimensions; 1 for a scalar. */
  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  @Override
  public String toString() {
    return "HostTensor[" + dtype + " " + Arrays.toString(shape) + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor t
        && t.dtype == dtype
        && Arrays.equals(t.shape, shape)
        && t.data.equals(data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + data.hashCode();
  }
}

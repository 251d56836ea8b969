package io.visft.lora.kernels;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Native host memory through which arrays and buffers travel to and from the GPU, grown to the
 * largest transfer. Not thread-safe; owned by one {@link CudaLoraKernels}.
 */
final class HostStaging implements AutoCloseable {

  private FloatPointer memory;
  private long capacity;

  /** Copies {@code src} into staging memory and returns it. */
  FloatPointer stage(float[] src) {
    FloatPointer host = reserve(src.length);
    host.put(src, 0, src.length);
    return host;
  }

  /**
   * Copies the remaining floats of {@code src} (any kind, any byte order) into staging memory and
   * returns it.
   */
  FloatPointer stage(FloatBuffer src) {
    FloatPointer host = reserve(src.remaining());
    host.asBuffer().put(0, src, src.position(), src.remaining());
    return host;
  }

  /** Memory for at least {@code floats} floats, to receive a download. */
  FloatPointer reserve(long floats) {
    if (memory == null || floats > capacity) {
      close();
      capacity = Math.max(1, floats);
      memory = new FloatPointer(capacity);
    }
    return memory;
  }

  /** Copies the first {@code dst.length} staged floats into {@code dst}. */
  void unstage(float[] dst) {
    memory.get(dst, 0, dst.length);
  }

  /**
   * Copies the first {@code dst.remaining()} staged floats into {@code dst} from its position,
   * which is left unchanged.
   */
  void unstage(FloatBuffer dst) {
    dst.put(dst.position(), memory.asBuffer(), 0, dst.remaining());
  }

  @Override
  public void close() {
    if (memory != null) {
      memory.close();
      memory = null;
      capacity = 0;
    }
  }
}

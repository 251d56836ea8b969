package io.visft.lora.kernels;

import static io.visft.lora.kernels.CudaStatus.checkCuda;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemcpy;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A float array in GPU memory that grows to the largest size asked of it, named after the matrix it
 * holds so that failures say which one. Not thread-safe; owned by one {@link CudaLoraKernels}.
 */
final class DeviceBuffer implements AutoCloseable {

  private final String matrix;
  private FloatPointer device;
  private long capacity;

  DeviceBuffer(String matrix) {
    this.matrix = matrix;
  }

  /** Device memory for at least {@code floats} floats; contents are undefined after growth. */
  FloatPointer reserve(long floats) {
    if (floats > capacity) {
      close();
      FloatPointer grown = new FloatPointer();
      checkCuda(
          cudaMalloc(grown, floats * Float.BYTES),
          "cudaMalloc(" + floats * Float.BYTES + " bytes for " + matrix + ")");
      device = grown;
      capacity = floats;
    }
    return device;
  }

  /** Copies {@code floats} floats from host memory into this buffer, growing it if needed. */
  FloatPointer upload(FloatPointer host, long floats) {
    FloatPointer target = reserve(floats);
    checkCuda(
        cudaMemcpy(target, host, floats * Float.BYTES, cudaMemcpyHostToDevice),
        "cudaMemcpy(host to device, " + matrix + ", " + floats + " floats)");
    return target;
  }

  /** Copies the first {@code floats} floats of this buffer into host memory. */
  void download(FloatPointer host, long floats) {
    checkCuda(
        cudaMemcpy(host, device, floats * Float.BYTES, cudaMemcpyDeviceToHost),
        "cudaMemcpy(device to host, " + matrix + ", " + floats + " floats)");
  }

  /** Frees the device memory; the buffer can grow again afterwards. */
  @Override
  public void close() {
    if (device != null) {
      FloatPointer released = device;
      device = null;
      capacity = 0;
      checkCuda(cudaFree(released), "cudaFree(" + matrix + ")");
    }
  }
}

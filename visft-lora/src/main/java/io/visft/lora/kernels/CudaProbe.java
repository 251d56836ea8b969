package io.visft.lora.kernels;

import static io.visft.lora.kernels.CudaStatus.describeCuda;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;

/**
 * Finds out, once per JVM, whether the CUDA kernels can run: the JavaCPP bindings load (they link
 * to the NVIDIA driver's {@code libcuda.so.1} and to the system's CUDA 13 {@code libcublas.so.13}),
 * and the driver reports a GPU. Loading fails with {@link UnsatisfiedLinkError} the first time and
 * {@link NoClassDefFoundError} after, so the first answer, which names the missing library, is
 * kept.
 */
final class CudaProbe {

  /** What fixes an unavailable CUDA backend. */
  static final String REMEDY =
      "on a machine with an NVIDIA GPU, install the NVIDIA driver (it provides libcuda.so.1) and the"
          + " CUDA 13 cuBLAS libraries (libcublas.so.13 and libcublasLt.so.13, from the CUDA 13 toolkit"
          + " or NVIDIA's libcublas packages) where the dynamic loader finds them, e.g. on LD_LIBRARY_PATH";

  private CudaProbe() {}

  /** The cached result of the probe. */
  static BackendAvailability availability() {
    return Result.AVAILABILITY;
  }

  private static final class Result {
    static final BackendAvailability AVAILABILITY = probe();
  }

  private static BackendAvailability probe() {
    int[] devices = new int[1];
    int[] driver = new int[1];
    int status;
    int driverStatus;
    try {
      status = cudart.cudaGetDeviceCount(devices);
      driverStatus = cudart.cudaDriverGetVersion(driver);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      return BackendAvailability.unavailable(
          "the CUDA runtime bindings could not be loaded: " + rootMessage(e), REMEDY);
    }
    if (status != cudart.cudaSuccess) {
      return BackendAvailability.unavailable(
          "cudaGetDeviceCount failed with " + describeCuda(status), REMEDY);
    }
    if (devices[0] == 0) {
      return BackendAvailability.unavailable("the NVIDIA driver reports no CUDA device", REMEDY);
    }
    long cublasRuntime;
    try {
      cublasRuntime = cublas.cublasGetCudartVersion();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      return BackendAvailability.unavailable(
          "cuBLAS could not be loaded: " + rootMessage(e), REMEDY);
    }
    return BackendAvailability.available(
        devices[0]
            + " CUDA device(s), driver API "
            + (driverStatus == cudart.cudaSuccess
                ? version(driver[0])
                : "unknown (" + describeCuda(driverStatus) + ")")
            + ", cuBLAS built for CUDA runtime "
            + version((int) cublasRuntime));
  }

  /**
   * The message of the innermost cause, which names the library the dynamic loader could not find.
   */
  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static String version(int encoded) {
    return encoded / 1000 + "." + encoded % 1000 / 10;
  }
}

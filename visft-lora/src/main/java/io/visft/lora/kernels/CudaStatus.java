package io.visft.lora.kernels;

import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cublas.cublasGetStatusName;
import static org.bytedeco.cuda.global.cublas.cublasGetStatusString;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorName;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;

import io.visft.api.ViSFTException;

/**
 * Turns CUDA runtime and cuBLAS status codes into exceptions whose message names the failed call.
 */
final class CudaStatus {

  private CudaStatus() {}

  /** Throws if a CUDA runtime call did not return {@code cudaSuccess}. */
  static void checkCuda(int status, String call) {
    if (status != cudaSuccess) {
      throw new ViSFTException(call + " failed: " + describeCuda(status));
    }
  }

  /** Throws if a cuBLAS call did not return {@code CUBLAS_STATUS_SUCCESS}. */
  static void checkCublas(int status, String call) {
    if (status != CUBLAS_STATUS_SUCCESS) {
      throw new ViSFTException(
          call
              + " failed: "
              + cublasGetStatusName(status).getString()
              + " ("
              + status
              + "): "
              + cublasGetStatusString(status).getString());
    }
  }

  /** {@code cudaErrorName (code): description} of a CUDA runtime status. */
  static String describeCuda(int status) {
    return cudaGetErrorName(status).getString()
        + " ("
        + status
        + "): "
        + cudaGetErrorString(status).getString();
  }
}

package io.visft.core.runtime;

/** Where ONNX Runtime executes a graph. */
public enum Device {
  /** The CPU execution provider (always available). */
  CPU,
  /**
   * The CUDA execution provider of the {@code onnxruntime_gpu} artifact; needs an NVIDIA driver and
   * CUDA.
   */
  CUDA
}

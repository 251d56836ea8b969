package io.visft.core.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.visft.api.DType;
import io.visft.api.ViSFTException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Wraps direct buffers as ONNX Runtime tensors without copying. */
final class OrtTensors {
  private OrtTensors() {}

  static OnnxJavaType javaType(DType t) {
    return switch (t) {
      case F32 -> OnnxJavaType.FLOAT;
      case F64 -> OnnxJavaType.DOUBLE;
      case F16 -> OnnxJavaType.FLOAT16;
      case BF16 -> OnnxJavaType.BFLOAT16;
      case I64 -> OnnxJavaType.INT64;
      case I32 -> OnnxJavaType.INT32;
      case I8 -> OnnxJavaType.INT8;
      case U8 -> OnnxJavaType.UINT8;
      case BOOL -> OnnxJavaType.BOOL;
    };
  }

  /** A direct little-endian buffer of {@code bytes} bytes. */
  static ByteBuffer allocate(long bytes) {
    return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
  }

  /** A tensor over {@code buffer} (direct, so ONNX Runtime reads and writes it in place). */
  static OnnxTensor wrap(
      OrtEnvironment env, ByteBuffer buffer, long[] shape, DType dtype, String name) {
    if (!buffer.isDirect()) {
      throw new IllegalArgumentException("tensor '" + name + "' needs a direct buffer");
    }
    try {
      return OnnxTensor.createTensor(
          env, buffer.duplicate().order(ByteOrder.nativeOrder()), shape, javaType(dtype));
    } catch (OrtException e) {
      throw new ViSFTException(
          "ONNX Runtime could not wrap tensor '" + name + "': " + e.getMessage(), e);
    }
  }
}

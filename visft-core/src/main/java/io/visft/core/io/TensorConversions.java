package io.visft.core.io;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Widening of stored tensors to F32, shared by the checkpoint readers. */
public final class TensorConversions {
  private TensorConversions() {}

  /**
   * The tensor as F32: returned as is when already F32, widened from F16/BF16 into a new direct
   * buffer otherwise.
   *
   * @param what names the tensor and file for the error message
   */
  public static HostTensor toF32(HostTensor t, String what) {
    if (t.dtype() == DType.F32) {
      return t;
    }
    if (t.dtype() != DType.F16 && t.dtype() != DType.BF16) {
      throw new ShapeException(
          what + " has dtype " + t.dtype() + "; only F32, F16 and BF16 can be read as F32 weights");
    }
    int n = Math.toIntExact(t.numel());
    ByteBuffer src = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer dst = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    boolean half = t.dtype() == DType.F16;
    for (int i = 0; i < n; i++) {
      short s = src.getShort(src.position() + 2 * i);
      dst.putFloat(4 * i, half ? HalfFloats.f16ToFloat(s) : HalfFloats.bf16ToFloat(s));
    }
    return new HostTensor(DType.F32, t.shape(), dst);
  }
}

package io.visft.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Element types of tensors, with their sizes and their names in the ONNX and safetensors formats.
 */
public enum DType {
  F32(4, 1, "F32"),
  F16(2, 10, "F16"),
  BF16(2, 16, "BF16"),
  F64(8, 11, "F64"),
  I64(8, 7, "I64"),
  I32(4, 6, "I32"),
  I8(1, 3, "I8"),
  U8(1, 2, "U8"),
  BOOL(1, 9, "BOOL");

  private final int byteSize;
  private final int onnxCode;
  private final String safetensorsName;

  DType(int byteSize, int onnxCode, String safetensorsName) {
    this.byteSize = byteSize;
    this.onnxCode = onnxCode;
    this.safetensorsName = safetensorsName;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The {@code TensorProto.DataType} code of ONNX. */
  public int onnxCode() {
    return onnxCode;
  }

  /** The dtype string used in safetensors headers, such as {@code "F32"}. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /** True for the floating-point types. */
  public boolean isFloating() {
    return this == F32 || this == F16 || this == BF16 || this == F64;
  }

  /**
   * Looks up a safetensors dtype name.
   *
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static DType fromSafetensorsName(String name) {
    for (DType t : values()) {
      if (t.safetensorsName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown safetensors dtype '"
            + name
            + "', expected one of "
            + Arrays.stream(values())
                .map(DType::safetensorsName)
                .collect(Collectors.joining(", ")));
  }
}

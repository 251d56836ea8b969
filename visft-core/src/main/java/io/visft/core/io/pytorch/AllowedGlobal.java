package io.visft.core.io.pytorch;

import io.visft.api.DType;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The only Python globals a checkpoint pickle may name: what {@code torch.save} needs to record a
 * state dict of dense tensors. Every other global (such as {@code os.system}) is refused when the
 * pickle names it, before anything could call it. Nothing here is ever executed: each entry is data
 * that {@link TorchReconstruction} interprets.
 */
enum AllowedGlobal {
  ORDERED_DICT("collections", "OrderedDict", Role.CALLABLE, null),
  REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", Role.CALLABLE, null),
  REBUILD_PARAMETER("torch._utils", "_rebuild_parameter", Role.CALLABLE, null),
  REBUILD_PARAMETER_WITH_STATE(
      "torch._utils", "_rebuild_parameter_with_state", Role.CALLABLE, null),
  REBUILD_FROM_TYPE_V2("torch._tensor", "_rebuild_from_type_v2", Role.CALLABLE, null),
  SIZE("torch", "Size", Role.CALLABLE, null),
  TENSOR_CLASS("torch", "Tensor", Role.TENSOR_CLASS, null),
  PARAMETER_CLASS("torch.nn.parameter", "Parameter", Role.TENSOR_CLASS, null),
  FLOAT_STORAGE("torch", "FloatStorage", Role.STORAGE_TYPE, DType.F32),
  HALF_STORAGE("torch", "HalfStorage", Role.STORAGE_TYPE, DType.F16),
  BFLOAT16_STORAGE("torch", "BFloat16Storage", Role.STORAGE_TYPE, DType.BF16),
  DOUBLE_STORAGE("torch", "DoubleStorage", Role.STORAGE_TYPE, DType.F64),
  LONG_STORAGE("torch", "LongStorage", Role.STORAGE_TYPE, DType.I64),
  INT_STORAGE("torch", "IntStorage", Role.STORAGE_TYPE, DType.I32),
  CHAR_STORAGE("torch", "CharStorage", Role.STORAGE_TYPE, DType.I8),
  BYTE_STORAGE("torch", "ByteStorage", Role.STORAGE_TYPE, DType.U8),
  BOOL_STORAGE("torch", "BoolStorage", Role.STORAGE_TYPE, DType.BOOL),
  FLOAT32("torch", "float32", Role.DTYPE, DType.F32),
  FLOAT16("torch", "float16", Role.DTYPE, DType.F16),
  BFLOAT16("torch", "bfloat16", Role.DTYPE, DType.BF16),
  FLOAT64("torch", "float64", Role.DTYPE, DType.F64),
  INT64("torch", "int64", Role.DTYPE, DType.I64),
  INT32("torch", "int32", Role.DTYPE, DType.I32),
  INT8("torch", "int8", Role.DTYPE, DType.I8),
  UINT8("torch", "uint8", Role.DTYPE, DType.U8),
  BOOL("torch", "bool", Role.DTYPE, DType.BOOL);

  /** What a global stands for in a torch pickle. */
  enum Role {
    /** A function or class the pickle may apply with REDUCE. */
    CALLABLE,
    /** A tensor class named by {@code _rebuild_from_type_v2}. */
    TENSOR_CLASS,
    /** A typed storage class named in a persistent id. */
    STORAGE_TYPE,
    /** A {@code torch.dtype} value. */
    DTYPE
  }

  private static final Map<String, AllowedGlobal> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(AllowedGlobal::qualifiedName, Function.identity()));

  private final String module;
  private final String name;
  private final Role role;
  private final DType dtype;

  AllowedGlobal(String module, String name, Role role, DType dtype) {
    this.module = module;
    this.name = name;
    this.role = role;
    this.dtype = dtype;
  }

  /** The allowed global of that module and name, if there is one. */
  static Optional<AllowedGlobal> lookup(String module, String name) {
    return Optional.ofNullable(BY_NAME.get(module + "." + name));
  }

  /** Every allowed {@code module.name}, comma-separated, for error messages. */
  static String listing() {
    return Arrays.stream(values())
        .map(AllowedGlobal::qualifiedName)
        .collect(Collectors.joining(", "));
  }

  /** {@code module.name}, as Python would print it. */
  String qualifiedName() {
    return module + "." + name;
  }

  Role role() {
    return role;
  }

  /** The element type of a storage type or dtype global; null for the others. */
  DType dtype() {
    return dtype;
  }
}

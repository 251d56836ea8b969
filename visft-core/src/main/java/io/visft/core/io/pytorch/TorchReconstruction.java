package io.visft.core.io.pytorch;

import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What applying an {@link AllowedGlobal} means, written out in Java from the documented behaviour
 * of each PyTorch function: REDUCE of an allowed callable and BINPERSID of a storage id become
 * plain {@link StoredTensor}, {@link StorageRef} and container values. Requires-grad flags,
 * backward hooks, tensor metadata and Python attributes are read and dropped: a state dict needs
 * none of them.
 */
final class TorchReconstruction {

  private final Path file;

  TorchReconstruction(Path file) {
    this.file = file;
  }

  /**
   * Applies an allowed callable to its argument tuple, as the pickle's REDUCE asks.
   *
   * @throws io.visft.api.FileFormatException if the global is not callable or the arguments do not
   *     match what PyTorch writes for it
   */
  Object call(AllowedGlobal callable, PyTuple args) {
    return switch (callable) {
      case ORDERED_DICT -> orderedDict(args);
      case REBUILD_TENSOR_V2 -> rebuildTensor(args);
      case REBUILD_PARAMETER -> parameterData(args, 3);
      case REBUILD_PARAMETER_WITH_STATE -> parameterData(args, 4);
      case REBUILD_FROM_TYPE_V2 -> rebuildFromType(args);
      case SIZE -> {
        arity(callable, args, 1);
        yield new PyTuple(
            Arrays.stream(dims(args.get(0), "torch.Size argument"))
                .<Object>mapToObj(Long::valueOf)
                .toList());
      }
      default ->
          throw malformed(
              file,
              "the pickle calls "
                  + callable.qualifiedName()
                  + ", which is not a function; the pickle is corrupt or was not written by torch.save");
    };
  }

  /**
   * Resolves a persistent id {@code ('storage', storage_type, key, location, numel)}, as written by
   * torch.save for every storage, to the storage it names.
   */
  StorageRef persistentLoad(Object pid) {
    if (!(pid instanceof PyTuple id)
        || id.size() != 5
        || !"storage".equals(id.get(0))
        || !(id.get(1) instanceof AllowedGlobal type)
        || type.role() != AllowedGlobal.Role.STORAGE_TYPE
        || !(id.get(2) instanceof String key)
        || !(id.get(3) instanceof String location)) {
      throw malformed(
          file,
          "persistent id "
              + PythonValues.describe(pid)
              + " is not a ('storage', "
              + "torch.<Type>Storage, key, location, numel) tuple as torch.save writes");
    }
    long numel = integer(id.get(4), "numel of storage '" + key + "'");
    if (numel < 0) {
      throw malformed(file, "storage '" + key + "' declares a negative element count " + numel);
    }
    return new StorageRef(key, type.dtype(), numel, location);
  }

  private Map<Object, Object> orderedDict(PyTuple args) {
    Map<Object, Object> dict = new LinkedHashMap<>();
    if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
      for (Object pair : pairs) {
        if (!(pair instanceof List<?> || pair instanceof PyTuple) || items(pair).size() != 2) {
          throw malformed(
              file,
              "collections.OrderedDict is given "
                  + PythonValues.describe(pair)
                  + " where a (key, value) pair belongs");
        }
        PickleKeys.requireHashable(file, items(pair).get(0), "a key of collections.OrderedDict");
        dict.put(items(pair).get(0), items(pair).get(1));
      }
      return dict;
    }
    arity(AllowedGlobal.ORDERED_DICT, args, 0);
    return dict;
  }

  /**
   * {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])}.
   */
  private StoredTensor rebuildTensor(PyTuple args) {
    if (args.size() != 6 && args.size() != 7) {
      throw malformed(
          file,
          "torch._utils._rebuild_tensor_v2 takes 6 or 7 arguments (storage, "
              + "offset, size, stride, requires_grad, hooks[, metadata]), the pickle gives "
              + args.size());
    }
    if (!(args.get(0) instanceof StorageRef storage)) {
      throw malformed(
          file,
          "torch._utils._rebuild_tensor_v2 needs a storage as its first argument, "
              + "the pickle gives "
              + PythonValues.describe(args.get(0)));
    }
    long offset = integer(args.get(1), "storage offset");
    long[] size = dims(args.get(2), "tensor size");
    long[] stride = dims(args.get(3), "tensor stride");
    if (offset < 0 || size.length != stride.length) {
      throw malformed(
          file,
          "a tensor on storage '"
              + storage.key()
              + "' has offset "
              + offset
              + ", "
              + size.length
              + " sizes and "
              + stride.length
              + " strides; the offset must not be negative "
              + "and there must be one stride per dimension");
    }
    return new StoredTensor(storage, offset, size, stride);
  }

  /** {@code _rebuild_parameter(data, requires_grad, hooks[, state])}: the parameter's data. */
  private StoredTensor parameterData(PyTuple args, int arity) {
    AllowedGlobal callable =
        arity == 3 ? AllowedGlobal.REBUILD_PARAMETER : AllowedGlobal.REBUILD_PARAMETER_WITH_STATE;
    arity(callable, args, arity);
    return tensorArgument(callable, args.get(0));
  }

  /** {@code _rebuild_from_type_v2(func, new_type, args, state)}: {@code func(*args)}. */
  private StoredTensor rebuildFromType(PyTuple args) {
    arity(AllowedGlobal.REBUILD_FROM_TYPE_V2, args, 4);
    if (!(args.get(0) instanceof AllowedGlobal func)
        || func.role() != AllowedGlobal.Role.CALLABLE
        || !(args.get(1) instanceof AllowedGlobal type)
        || type.role() != AllowedGlobal.Role.TENSOR_CLASS
        || !(args.get(2) instanceof PyTuple funcArgs)) {
      throw malformed(
          file,
          "torch._tensor._rebuild_from_type_v2 needs (rebuild function, torch.Tensor "
              + "or torch.nn.parameter.Parameter, argument tuple, state), the pickle gives ("
              + PythonValues.describe(args.get(0))
              + ", "
              + PythonValues.describe(args.get(1))
              + ", "
              + PythonValues.describe(args.get(2))
              + ", ...)");
    }
    return tensorArgument(AllowedGlobal.REBUILD_FROM_TYPE_V2, call(func, funcArgs));
  }

  private StoredTensor tensorArgument(AllowedGlobal callable, Object value) {
    if (value instanceof StoredTensor tensor) {
      return tensor;
    }
    throw malformed(
        file,
        callable.qualifiedName()
            + " needs a tensor, the pickle gives "
            + PythonValues.describe(value));
  }

  private void arity(AllowedGlobal callable, PyTuple args, int expected) {
    if (args.size() != expected) {
      throw malformed(
          file,
          callable.qualifiedName()
              + " takes "
              + expected
              + " arguments, the pickle gives "
              + args.size());
    }
  }

  private long integer(Object value, String what) {
    if (value instanceof Long l) {
      return l;
    }
    throw malformed(
        file,
        "the "
            + what
            + " must be an integer that fits in 64 bits, the pickle gives "
            + PythonValues.describe(value));
  }

  private long[] dims(Object value, String what) {
    if (!(value instanceof PyTuple || value instanceof List<?>)) {
      throw malformed(
          file,
          "the "
              + what
              + " must be a tuple of integers, the pickle gives "
              + PythonValues.describe(value));
    }
    List<?> items = items(value);
    long[] dims = new long[items.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = integer(items.get(i), what + " entry " + i);
      if (dims[i] < 0) {
        throw malformed(file, "the " + what + " has a negative entry " + dims[i]);
      }
    }
    return dims;
  }

  private static List<?> items(Object sequence) {
    return sequence instanceof PyTuple tuple ? tuple.items() : (List<?>) sequence;
  }
}

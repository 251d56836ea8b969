package io.visft.core.io;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import java.nio.file.Path;
import java.util.Set;

/**
 * A named collection of tensors stored in a file (safetensors, PyTorch zip checkpoint).
 *
 * <p>Tensors are read lazily and, where the format allows, without copying: large checkpoints are
 * memory-mapped. Implementations hold native or mapped resources and must be closed; buffers handed
 * out must not be used after {@link #close()}.
 */
public interface TensorSource extends AutoCloseable {

  /** The file this source reads, for error messages. */
  Path path();

  /** All tensor names, in file order. */
  Set<String> names();

  /** Element type of a tensor as stored. */
  DType dtype(String name);

  /** Shape of a tensor as stored. */
  long[] shape(String name);

  /** The tensor as stored (dtype unchanged); may share memory with the file mapping. */
  HostTensor tensor(String name);

  /**
   * The tensor widened to F32 (F16 and BF16 are converted; F32 is returned without copying where
   * possible).
   */
  HostTensor tensorF32(String name);

  @Override
  void close();
}

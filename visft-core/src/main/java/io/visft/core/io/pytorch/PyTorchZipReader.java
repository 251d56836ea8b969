package io.visft.core.io.pytorch;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;
import static io.visft.core.io.pytorch.TorchSaveErrors.malformed;

import com.google.common.annotations.VisibleForTesting;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.io.TensorConversions;
import io.visft.core.io.TensorSource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads tensors from a PyTorch zip checkpoint ({@code .pt}, {@code .pth}, {@code .bin} written by
 * {@code torch.save} in PyTorch 1.6 or later) without executing any of its pickled code.
 *
 * <p>data.pkl is decoded by a restricted interpreter that knows only the globals torch.save uses
 * for dense tensors and containers; any other global (such as {@code os.system}) is refused with a
 * {@link io.visft.api.FileFormatException} naming it. Tensors nested in dicts are named by their
 * dotted path ({@code state_dict.visual.blocks.0.attn.qkv.weight}); {@link #openUnwrapped(Path)}
 * also strips a wrapper such as {@code state_dict.} that holds every tensor. Entries that are not
 * tensors (epoch counters, hyper-parameters) are listed by {@link #nonTensorEntries()}.
 *
 * <p>Everything is checked at open: the zip structure, the pickle, and that every tensor view lies
 * inside its storage record. Tensor bytes are read lazily: a contiguous tensor is a read-only
 * memory map of its range of the file (no heap copy, so a 17 GB checkpoint costs only address
 * space); a non-contiguous view (a transposed or sliced tensor saved as is) is gathered into a new
 * heap buffer. Several tensors on one storage each map their own range.
 *
 * <p>Thread-safe for concurrent reads; {@link #close()} must not race them. Buffers handed out must
 * not be used after close (Java 17 cannot unmap eagerly, so in practice they stay readable until
 * garbage-collected, but that is not a contract).
 */
public final class PyTorchZipReader implements TensorSource {

  private static final Logger LOG = LoggerFactory.getLogger(PyTorchZipReader.class);

  private final Path file;
  private final TorchSaveArchive archive;
  private final Map<String, StoredTensor> tensors;
  private final Map<String, String> nonTensorEntries;
  private final String strippedPrefix;
  private volatile boolean closed;

  private PyTorchZipReader(
      Path file,
      TorchSaveArchive archive,
      Map<String, StoredTensor> tensors,
      Map<String, String> nonTensorEntries,
      String strippedPrefix) {
    this.file = file;
    this.archive = archive;
    this.tensors = tensors;
    this.nonTensorEntries = nonTensorEntries;
    this.strippedPrefix = strippedPrefix;
  }

  /**
   * Opens a checkpoint, naming each tensor by its full dotted path.
   *
   * @throws io.visft.api.FileFormatException if the file is not a readable torch.save zip
   *     checkpoint, or its pickle names a global off the allow-list
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static PyTorchZipReader open(Path file) {
    return open(file, false);
  }

  /**
   * Opens a checkpoint and strips the wrapper prefix that holds every tensor, as found by {@link
   * StateDictWrappers#commonWrapperPrefix}: a file saved as {@code {"state_dict": sd, "epoch": 3}}
   * names its tensors as {@code sd} does. {@link #strippedPrefix()} tells what was removed; {@link
   * #nonTensorEntries()} keeps full names.
   *
   * @throws io.visft.api.FileFormatException as {@link #open(Path)}
   * @throws java.io.UncheckedIOException if the file cannot be read
   */
  public static PyTorchZipReader openUnwrapped(Path file) {
    return open(file, true);
  }

  private static PyTorchZipReader open(Path file, boolean unwrap) {
    checkNotNull(file, "file");
    TorchSaveArchive archive = TorchSaveArchive.open(file);
    try {
      Object root = RestrictedUnpickler.load(file, archive.pickleBytes());
      StateDictFlattener.Flattened flat = StateDictFlattener.flatten(file, root);
      checkViews(file, archive, flat.tensors());
      String prefix = unwrap ? StateDictWrappers.commonWrapperPrefix(flat.tensors().keySet()) : "";
      Map<String, StoredTensor> named = new LinkedHashMap<>();
      flat.tensors().forEach((name, tensor) -> named.put(name.substring(prefix.length()), tensor));
      LOG.debug(
          "Opened PyTorch checkpoint {}: {} tensors, {} non-tensor entries, archive folder '{}', "
              + "stripped prefix '{}'",
          file,
          named.size(),
          flat.nonTensorEntries().size(),
          archive.prefix(),
          prefix);
      return new PyTorchZipReader(
          file, archive, Collections.unmodifiableMap(named), flat.nonTensorEntries(), prefix);
    } catch (RuntimeException e) {
      try {
        archive.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Checks that every view lies inside its storage and every storage inside its zip record. */
  private static void checkViews(
      Path file, TorchSaveArchive archive, Map<String, StoredTensor> tensors) {
    Set<StorageRef> checked = new HashSet<>();
    tensors.forEach(
        (name, tensor) -> {
          StorageRef storage = tensor.storage();
          long end;
          long storageBytes;
          try {
            end = Math.addExact(tensor.offset(), tensor.extent());
            storageBytes = storage.byteSize();
          } catch (ArithmeticException e) {
            throw malformed(
                file,
                describe(name, tensor)
                    + " on a storage of "
                    + storage.numel()
                    + " elements spans more bytes than a long counts",
                e);
          }
          if (end > storage.numel()) {
            throw malformed(
                file,
                describe(name, tensor)
                    + " needs the first "
                    + end
                    + " elements of storage '"
                    + storage.key()
                    + "', which has only "
                    + storage.numel());
          }
          if (checked.add(storage)) {
            archive.checkStorage(
                storage.key(), storageBytes, storage.numel() + " " + storage.dtype() + " elements");
          }
        });
  }

  /** How a view check names the tensor: {@code tensor 'name' (view)}. */
  private static String describe(String name, StoredTensor tensor) {
    return "tensor '" + name + "' (" + tensor + ")";
  }

  @Override
  public Path path() {
    return file;
  }

  /** Tensor names in pickle order (the order of the saved state dict). */
  @Override
  public Set<String> names() {
    return tensors.keySet();
  }

  @Override
  public DType dtype(String name) {
    return lookup(name).dtype();
  }

  @Override
  public long[] shape(String name) {
    return lookup(name).size();
  }

  /**
   * The tensor as stored. A contiguous tensor shares the file mapping (a read-only direct buffer);
   * a non-contiguous one is gathered into a new row-major heap buffer.
   *
   * @throws IllegalArgumentException if there is no such tensor
   * @throws io.visft.api.FileFormatException if the tensor needs more than 2 GiB in one buffer
   */
  @Override
  public HostTensor tensor(String name) {
    StoredTensor tensor = lookup(name);
    int elementSize = tensor.dtype().byteSize();
    long byteOffset = tensor.offset() * elementSize;
    long span = (tensor.isContiguous() ? tensor.numel() : tensor.extent()) * elementSize;
    if (span > Integer.MAX_VALUE) {
      throw malformed(
          file,
          "tensor '"
              + name
              + "' spans "
              + span
              + " bytes, more than one buffer holds "
              + "(2 GiB); split it before saving");
    }
    ByteBuffer bytes = archive.storageBytes(tensor.storage().key(), byteOffset, span);
    ByteBuffer data =
        tensor.isContiguous()
            ? bytes
            : StridedCopy.gather(bytes, elementSize, tensor.size(), tensor.stride());
    return new HostTensor(tensor.dtype(), tensor.size(), data);
  }

  /**
   * The tensor as F32: F16 and BF16 are widened exactly into a new heap buffer, F32 is returned as
   * by {@link #tensor(String)}.
   *
   * @throws IllegalArgumentException if there is no such tensor or it is not F32, F16 or BF16
   */
  @Override
  public HostTensor tensorF32(String name) {
    DType dtype = dtype(name);
    checkArgument(
        dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16,
        "tensor '%s' in %s is %s; tensorF32 widens only F16 and BF16 (and returns F32 as is): read it with tensor(name)",
        name,
        file,
        dtype);
    HostTensor stored = tensor(name);
    return dtype == DType.F32
        ? stored
        : TensorConversions.toF32(stored, "tensor '" + name + "' of " + file);
  }

  /**
   * The entries that are not tensors, by full dotted name, with a short description such as {@code
   * int 3}, {@code str 'adamw'} or {@code list of 2 items}; a dict or list without any tensor
   * inside is one entry. For diagnostics; never stripped of a wrapper prefix.
   */
  public Map<String, String> nonTensorEntries() {
    return nonTensorEntries;
  }

  /**
   * The wrapper prefix removed from every tensor name, such as {@code "state_dict."}; empty if
   * none.
   */
  public String strippedPrefix() {
    return strippedPrefix;
  }

  @VisibleForTesting
  String storageKey(String name) {
    return lookup(name).storage().key();
  }

  /** Closes the file. Idempotent. */
  @Override
  public void close() {
    closed = true;
    archive.close();
  }

  private StoredTensor lookup(String name) {
    checkState(!closed, "PyTorch checkpoint %s is closed", file);
    StoredTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException(
          "no tensor named '"
              + name
              + "' in "
              + file
              + " (it has "
              + tensors.size()
              + " tensors, such as "
              + tensors.keySet().stream().limit(5).toList()
              + (strippedPrefix.isEmpty()
                  ? ""
                  : "; the prefix '" + strippedPrefix + "' was stripped")
              + ")");
    }
    return tensor;
  }
}

package io.visft.core.io.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.Capped;
import io.visft.core.io.IoFailures;
import io.visft.core.io.StrictJson;
import io.visft.core.io.TensorConversions;
import io.visft.core.io.TensorSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A safetensors file, validated on open and memory-mapped tensor by tensor (64-bit offsets, files
 * of any size; one tensor must stay below 2 GiB). Tensors share the mapping: nothing is copied.
 *
 * <p>Format: an unsigned 64-bit little-endian header length, a JSON header mapping names to {@code
 * {"dtype", "shape", "data_offsets"}} (plus optional {@code __metadata__} of strings), then the
 * data, which the tensors' byte ranges must tile exactly. Thread-safe for reading.
 */
public final class SafetensorsFile implements TensorSource {
  /**
   * Headers larger than this are refused as malformed (the reference implementation uses 100 MB).
   */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private record Entry(DType dtype, long[] shape, long begin, long end) {}

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;
  private volatile boolean closed;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, Entry> entries,
      Map<String, String> metadata) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
    this.metadata = metadata;
  }

  /**
   * Opens and validates {@code path}.
   *
   * @throws FileFormatException naming the file, the tensor and the rule broken
   */
  public static SafetensorsFile open(Path path) {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new FileFormatException(
          "cannot open safetensors file " + path + ": " + IoFailures.reason(e), e);
    }
    try {
      return parse(path, ch);
    } catch (RuntimeException | IOException e) {
      try {
        ch.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof FileFormatException f) {
        throw f;
      }
      throw new FileFormatException(
          "cannot read safetensors file " + path + ": " + e.getMessage(), e);
    }
  }

  private static SafetensorsFile parse(Path path, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < 8) {
      throw bad(
          path,
          "the file has "
              + size
              + " bytes, fewer than the 8-byte header length: it is truncated or not safetensors");
    }
    ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, lenBuf, 0);
    long headerLen = lenBuf.getLong(0);
    if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
      throw bad(
          path,
          "header length "
              + Long.toUnsignedString(headerLen)
              + " is outside [2, "
              + MAX_HEADER_BYTES
              + "] bytes");
    }
    if (8 + headerLen > size) {
      throw bad(
          path,
          "header length "
              + headerLen
              + " runs past the end of the "
              + size
              + "-byte file (truncated?)");
    }
    ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
    readFully(ch, hb, 8);
    String header;
    try {
      header =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(hb.flip())
              .toString();
    } catch (CharacterCodingException e) {
      throw bad(
          path,
          "the header is not valid UTF-8 (" + e.getMessage() + "); the format requires UTF-8 JSON");
    }
    JsonNode root;
    try {
      root = StrictJson.readTree(MAPPER, MAPPER.createParser(header));
    } catch (JsonProcessingException e) {
      throw bad(path, "the header is not valid JSON: " + Capped.value(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw bad(
          path,
          "the header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("__metadata__")) {
        readMetadata(path, f.getValue(), metadata);
      } else {
        entries.put(f.getKey(), entry(path, f.getKey(), f.getValue()));
      }
    }
    long dataLen = size - 8 - headerLen;
    checkTiling(path, entries, dataLen);
    return new SafetensorsFile(
        path,
        ch,
        8 + headerLen,
        Collections.unmodifiableMap(entries),
        Collections.unmodifiableMap(metadata));
  }

  private static void readMetadata(Path path, JsonNode node, Map<String, String> out) {
    if (!node.isObject()) {
      throw bad(path, "__metadata__ must be an object of string values, got " + node.getNodeType());
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isTextual()) {
                throw bad(
                    path,
                    "__metadata__ entry '"
                        + Capped.value(e.getKey())
                        + "' must be a string, got "
                        + e.getValue().getNodeType());
              }
              out.put(e.getKey(), e.getValue().asText());
            });
  }

  private static Entry entry(Path path, String name, JsonNode node) {
    if (!node.isObject()) {
      throw badTensor(path, name, "entry must be an object, got " + node.getNodeType());
    }
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    Collections.sort(keys);
    if (!keys.equals(List.of("data_offsets", "dtype", "shape"))) {
      throw badTensor(
          path,
          name,
          "entry must have exactly the keys dtype, shape, data_offsets; it has "
              + Capped.list(keys));
    }
    DType dtype;
    try {
      dtype = DType.fromSafetensorsName(Capped.value(node.get("dtype").asText()));
    } catch (IllegalArgumentException e) {
      throw badTensor(path, name, e.getMessage());
    }
    JsonNode s = node.get("shape");
    if (!s.isArray()) {
      throw badTensor(path, name, "shape must be an array of non-negative integers");
    }
    long[] shape = new long[s.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!s.get(i).canConvertToLong() || !s.get(i).isIntegralNumber() || s.get(i).asLong() < 0) {
        throw badTensor(
            path,
            name,
            "shape "
                + Capped.value(s.toString())
                + " has an entry that is not a non-negative integer");
      }
      shape[i] = s.get(i).asLong();
    }
    JsonNode o = node.get("data_offsets");
    if (!o.isArray()
        || o.size() != 2
        || !o.get(0).isIntegralNumber()
        || !o.get(1).isIntegralNumber()) {
      throw badTensor(
          path,
          name,
          "data_offsets must be [begin, end] integers, got " + Capped.value(o.toString()));
    }
    long begin = o.get(0).asLong();
    long end = o.get(1).asLong();
    if (begin < 0 || end < begin) {
      throw badTensor(
          path,
          name,
          "data_offsets " + Capped.value(o.toString()) + " must satisfy 0 <= begin <= end");
    }
    long expected;
    try {
      expected = Math.multiplyExact(HostTensor.numel(shape), (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      throw badTensor(
          path, name, "shape " + Capped.value(s.toString()) + " overflows a 64-bit size");
    }
    if (end - begin != expected) {
      throw badTensor(
          path,
          name,
          dtype
              + " "
              + Capped.value(s.toString())
              + " needs "
              + expected
              + " bytes but data_offsets "
              + Capped.value(o.toString())
              + " span "
              + (end - begin));
    }
    return new Entry(dtype, shape, begin, end);
  }

  private static void checkTiling(Path path, Map<String, Entry> entries, long dataLen) {
    List<Map.Entry<String, Entry>> sorted = new ArrayList<>(entries.entrySet());
    sorted.sort(
        Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().begin())
            .thenComparingLong(e -> e.getValue().end()));
    long expectedBegin = 0;
    String previous = null;
    for (Map.Entry<String, Entry> e : sorted) {
      Entry en = e.getValue();
      if (en.begin() > expectedBegin) {
        throw badTensor(
            path,
            e.getKey(),
            "gap of "
                + (en.begin() - expectedBegin)
                + " bytes before it at offset "
                + expectedBegin
                + (previous == null ? "" : " (after '" + Capped.value(previous) + "')")
                + "; tensors must tile the data");
      }
      if (en.begin() < expectedBegin) {
        throw badTensor(
            path,
            e.getKey(),
            "its data overlaps '"
                + Capped.value(previous)
                + "' (begins at "
                + en.begin()
                + ", previous ends at "
                + expectedBegin
                + ")");
      }
      expectedBegin = en.end();
      previous = e.getKey();
    }
    if (expectedBegin != dataLen) {
      throw bad(
          path,
          expectedBegin > dataLen
              ? "tensor '"
                  + Capped.value(previous)
                  + "' ends at data offset "
                  + expectedBegin
                  + " but the file holds only "
                  + dataLen
                  + " data bytes: the file is truncated"
              : "the tensors cover "
                  + expectedBegin
                  + " data bytes but the file holds "
                  + dataLen
                  + ": trailing bytes");
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + b.position());
      if (n < 0) {
        throw new IOException("unexpected end of file");
      }
    }
  }

  private static FileFormatException badTensor(Path path, String name, String what) {
    return bad(path, "tensor '" + Capped.value(name) + "': " + what);
  }

  private static FileFormatException bad(Path path, String what) {
    return new FileFormatException("malformed safetensors file " + path + ": " + what);
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Set<String> names() {
    return entries.keySet();
  }

  /** The {@code __metadata__} strings (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public DType dtype(String name) {
    return entry(name).dtype();
  }

  @Override
  public long[] shape(String name) {
    return entry(name).shape().clone();
  }

  @Override
  public HostTensor tensor(String name) {
    Entry e = entry(name);
    long len = e.end() - e.begin();
    if (len > Integer.MAX_VALUE) {
      throw new FileFormatException(
          "tensor '"
              + name
              + "' in "
              + path
              + " has "
              + len
              + " bytes; tensors of 2 GiB or more cannot be mapped into one Java buffer — split it when saving");
    }
    try {
      ByteBuffer mapped =
          channel
              .map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), len)
              .order(ByteOrder.LITTLE_ENDIAN);
      return new HostTensor(e.dtype(), e.shape(), mapped);
    } catch (IOException ex) {
      throw new FileFormatException(
          "cannot map tensor '" + name + "' of " + path + ": " + ex.getMessage(), ex);
    }
  }

  @Override
  public HostTensor tensorF32(String name) {
    return TensorConversions.toF32(tensor(name), "tensor '" + name + "' of " + path);
  }

  private Entry entry(String name) {
    if (closed) {
      throw new IllegalStateException("safetensors file " + path + " is closed");
    }
    Entry e = entries.get(name);
    if (e == null) {
      List<String> some = entries.keySet().stream().limit(8).toList();
      throw new IllegalArgumentException(
          "no tensor '"
              + name
              + "' in "
              + path
              + "; it holds "
              + entries.size()
              + " tensors, e.g. "
              + some);
    }
    return e;
  }

  /** Closes the file; buffers already handed out stay readable until garbage-collected. */
  @Override
  public void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("closing " + path, e);
    }
  }
}

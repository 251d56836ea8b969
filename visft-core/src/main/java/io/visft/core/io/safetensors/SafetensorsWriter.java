package io.visft.core.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.HostTensor;
import io.visft.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes safetensors files atomically (a temporary file in the same folder, synced, then renamed),
 * streaming each tensor from its own buffer so that multi-gigabyte files need no large heap. The
 * header is padded with spaces to an 8-byte boundary.
 */
public final class SafetensorsWriter {
  private SafetensorsWriter() {}

  /**
   * @param tensors name → tensor, written in iteration order
   * @param metadata written as {@code __metadata__} when not empty, keys in sorted order (so that
   *     the bytes do not depend on the map's iteration order)
   */
  public static void write(
      Path path, Map<String, HostTensor> tensors, Map<String, String> metadata) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = header.putObject("__metadata__");
      new TreeMap<>(metadata).forEach(m::put);
    }
    long offset = 0;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
      }
      HostTensor t = e.getValue();
      ObjectNode n = header.putObject(e.getKey());
      n.put("dtype", t.dtype().safetensorsName());
      ArrayNode shape = n.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      long len = t.data().remaining();
      n.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] text;
    try {
      text = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int padded = (text.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(text);
    while (head.hasRemaining()) {
      head.put((byte) ' ');
    }
    head.flip();
    AtomicFiles.write(
        path,
        (FileChannel ch) -> {
          writeAll(ch, head);
          for (HostTensor t : tensors.values()) {
            writeAll(ch, t.data().duplicate());
          }
        });
  }

  private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }
}

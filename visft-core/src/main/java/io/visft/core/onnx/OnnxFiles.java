package io.visft.core.onnx;

import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.graph.TensorType;
import io.visft.core.io.AtomicFiles;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Saves an {@link OnnxModel} as a self-contained pair of files that ONNX Runtime (or any ONNX tool)
 * loads on its own: {@code model.onnx} and, beside it, {@code model.onnx.data} holding the weights
 * as ONNX external data (so models above protobuf's 2 GB limit work). Both files are written
 * atomically; weights are streamed from their buffers.
 */
public final class OnnxFiles {
  private OnnxFiles() {}

  /** Writes {@code model} to {@code file} and its weights to {@code file + ".data"}. */
  public static void save(OnnxModel model, Path file) {
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(model.proto());
    } catch (IOException e) {
      throw new FileFormatException(
          "the exported model proto does not parse: " + e.getMessage(), e);
    }
    String dataName = file.getFileName() + ".data";
    ModelProto.Builder b = proto.toBuilder();
    var graph = b.getGraphBuilder();
    long offset = 0;
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto t = graph.getInitializer(i);
      HostTensor data = model.weights().get(t.getName());
      if (data == null) {
        continue;
      }
      long length = data.data().remaining();
      TensorType type = new TensorType(data.dtype(), data.shape());
      graph.setInitializer(
          i, OnnxExporter.externalTensor(t.getName(), type, dataName, offset, length));
      offset += length;
    }
    byte[] bytes = b.build().toByteArray();
    AtomicFiles.write(
        file.resolveSibling(dataName),
        ch -> {
          for (TensorProto t : graph.getInitializerList()) {
            HostTensor data = model.weights().get(t.getName());
            if (data != null) {
              ByteBuffer buf = data.data().duplicate();
              while (buf.hasRemaining()) {
                ch.write(buf);
              }
            }
          }
        });
    AtomicFiles.write(
        file,
        ch -> {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        });
  }
}

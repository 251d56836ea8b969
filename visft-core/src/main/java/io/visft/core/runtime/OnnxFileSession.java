package io.visft.core.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.api.ViSFTException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ONNX Runtime session over a model file written elsewhere (e.g. a CLIP text tower exported from
 * PyTorch), with dynamic dimensions allowed: inputs are fed and outputs copied on every run. {@link
 * GraphSession} is the faster path for graphs this library builds.
 *
 * <p>Not thread-safe: one thread drives one session. Close it to free native memory.
 */
public final class OnnxFileSession implements AutoCloseable {
  private final Path file;
  private final OrtSession session;
  private final Map<String, Port> inputs = new LinkedHashMap<>();
  private final Map<String, Port> outputs = new LinkedHashMap<>();

  /**
   * A model input or output.
   *
   * @param name its name in the graph
   * @param dtype its element type
   * @param shape its dimensions, -1 where dynamic
   */
  public record Port(String name, DType dtype, long[] shape) {
    @Override
    public String toString() {
      return name + " " + dtype + Arrays.toString(shape);
    }
  }

  private OnnxFileSession(Path file, RuntimeOptions options) {
    this.file = file;
    OrtEnvironment env = OrtEnv.get();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      GraphSession.configure(so, options);
      this.session = env.createSession(file.toString(), so);
      describe(session.getInputInfo(), inputs);
      describe(session.getOutputInfo(), outputs);
    } catch (OrtException e) {
      throw new FileFormatException(
          "ONNX Runtime cannot load the model " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code file} (its external data, if any, beside it).
   *
   * @throws FileFormatException if the file is missing or ONNX Runtime rejects it
   */
  public static OnnxFileSession open(Path file, RuntimeOptions options) {
    if (!Files.isRegularFile(file)) {
      throw new FileFormatException("ONNX model " + file + " does not exist");
    }
    return new OnnxFileSession(file, options);
  }

  private void describe(Map<String, NodeInfo> info, Map<String, Port> into) {
    for (NodeInfo node : info.values()) {
      if (!(node.getInfo() instanceof TensorInfo t)) {
        throw new FileFormatException(
            "ONNX model "
                + file
                + ": '"
                + node.getName()
                + "' is "
                + node.getInfo()
                + "; only tensor inputs and outputs are supported");
      }
      into.put(
          node.getName(), new Port(node.getName(), dtype(t.type, node.getName()), t.getShape()));
    }
  }

  /** The model's inputs, in order. */
  public Map<String, Port> inputs() {
    return inputs;
  }

  /** The model's outputs, in order. */
  public Map<String, Port> outputs() {
    return outputs;
  }

  /** The model file. */
  public Path file() {
    return file;
  }

  /**
   * Runs the model.
   *
   * @param feeds a tensor for every input, matching its type and fixed dimensions
   * @return a copy of every output, in order
   */
  public Map<String, HostTensor> run(Map<String, HostTensor> feeds) {
    if (!feeds.keySet().equals(inputs.keySet())) {
      throw new IllegalArgumentException(
          "ONNX model " + file + " takes inputs " + inputs.values() + ", got " + feeds.keySet());
    }
    OrtEnvironment env = OrtEnv.get();
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, HostTensor> f : feeds.entrySet()) {
        tensors.put(f.getKey(), wrap(env, inputs.get(f.getKey()), f.getValue()));
      }
      try (OrtSession.Result result = session.run(tensors)) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : result) {
          out.put(e.getKey(), copy((OnnxTensor) e.getValue(), outputs.get(e.getKey())));
        }
        return out;
      }
    } catch (OrtException e) {
      throw new ViSFTException("ONNX Runtime failed to run " + file + ": " + e.getMessage(), e);
    } finally {
      tensors.values().forEach(OnnxTensor::close);
    }
  }

  private static OnnxTensor wrap(OrtEnvironment env, Port port, HostTensor t) {
    long[] shape = t.shape();
    boolean fits = t.dtype() == port.dtype() && shape.length == port.shape().length;
    for (int i = 0; fits && i < shape.length; i++) {
      fits = port.shape()[i] < 0 || port.shape()[i] == shape[i];
    }
    if (!fits) {
      throw new ShapeException(
          "input " + port + " cannot take " + t.dtype() + Arrays.toString(shape));
    }
    ByteBuffer direct = OrtTensors.allocate(t.data().remaining()).put(t.data().duplicate()).flip();
    return OrtTensors.wrap(env, direct, shape, t.dtype(), port.name());
  }

  private static HostTensor copy(OnnxTensor tensor, Port port) {
    ByteBuffer src = tensor.getByteBuffer();
    ByteBuffer copy =
        ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN).put(src).flip();
    return new HostTensor(port.dtype(), tensor.getInfo().getShape(), copy);
  }

  private DType dtype(OnnxJavaType type, String name) {
    for (DType d : DType.values()) {
      if (OrtTensors.javaType(d) == type) {
        return d;
      }
    }
    throw new FileFormatException(
        "ONNX model "
            + file
            + ": '"
            + name
            + "' has element type "
            + type
            + ", which this library has no DType for");
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new ViSFTException(
          "closing the ONNX Runtime session of " + file + " failed: " + e.getMessage(), e);
    }
  }
}

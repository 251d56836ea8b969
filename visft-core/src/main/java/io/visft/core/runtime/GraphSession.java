package io.visft.core.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.visft.api.BackendUnavailableException;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.api.ViSFTException;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.TensorType;
import io.visft.core.onnx.OnnxModel;
import io.visft.core.onnx.WeightInputs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ONNX Runtime session over an exported graph, with pinned input and output buffers reused on
 * every run: write inputs into {@link #input(String)} buffers (or {@link #setInput}), call {@link
 * #run()}, read {@link #output(String)}. Frozen weights are bound from their own buffers
 * (memory-mapped files stay mapped, nothing is copied per step): F32 weights, and every weight
 * under CUDA, as initializers once; 16-bit weights on the CPU as inputs of every run, which ONNX
 * Runtime uses in place ({@link WeightInputs}).
 *
 * <p>Not thread-safe: one thread drives one session. Close it to free native memory.
 */
public final class GraphSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphSession.class);

  /**
   * Nanoseconds spent inside ONNX Runtime's run by every session of the process (a profiling
   * counter).
   */
  private static final LongAdder RUN_NANOS = new LongAdder();

  /**
   * System property naming a file prefix: when set, every session writes ONNX Runtime's per-node
   * profile (Chrome trace JSON, {@code <prefix>_<date>.json}) when it is closed.
   */
  public static final String PROFILE_PROPERTY = "visft.ortProfile";

  private final OnnxModel model;
  private final OrtSession session;
  private final Map<String, OnnxTensor> weightTensors = new LinkedHashMap<>();

  /** Weights fed as inputs on every run (16-bit weights on the CPU; see {@link WeightInputs}). */
  private final Map<String, OnnxTensor> fedWeights = new LinkedHashMap<>();

  private final Map<String, OnnxTensor> runInputs = new LinkedHashMap<>();
  private final Map<String, ByteBuffer> inputBuffers = new LinkedHashMap<>();
  private final Map<String, OnnxTensor> inputTensors = new LinkedHashMap<>();
  private final Map<String, ByteBuffer> outputBuffers = new LinkedHashMap<>();
  private final Map<String, OnnxTensor> outputTensors = new LinkedHashMap<>();
  private boolean closed;

  private GraphSession(OnnxModel model, RuntimeOptions options) {
    this.model = model;
    OrtEnvironment env = OrtEnv.get();
    try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
      configure(so, options);
      Map<String, TensorType> fedTypes = new LinkedHashMap<>();
      Map<String, OnnxTensorLike> initializers = new LinkedHashMap<>();
      boolean halfWeights = false;
      for (Map.Entry<String, HostTensor> w : model.weights().entrySet()) {
        HostTensor t = w.getValue();
        ByteBuffer data = t.data();
        if (!data.isDirect()) {
          data = OrtTensors.allocate(data.remaining()).put(data.duplicate()).flip();
        }
        OnnxTensor tensor = OrtTensors.wrap(env, data, t.shape(), t.dtype(), w.getKey());
        weightTensors.put(w.getKey(), tensor);
        boolean half =
            FrozenWeights.Storage.of(t.dtype()).filter(FrozenWeights.Storage::widened).isPresent();
        halfWeights |= half;
        if (half && options.device() == Device.CPU) {
          fedWeights.put(w.getKey(), tensor);
          fedTypes.put(w.getKey(), new TensorType(t.dtype(), t.shape()));
        } else {
          initializers.put(w.getKey(), tensor);
        }
      }
      if (!initializers.isEmpty()) {
        so.addExternalInitializers(initializers);
      }
      if (halfWeights) {
        keepWeightReadsTransient(so);
      }
      this.session =
          env.createSession(
              fedTypes.isEmpty()
                  ? model.proto()
                  : WeightInputs.asGraphInputs(model.proto(), fedTypes),
              so);
    } catch (OrtException e) {
      closeTensors();
      throw new ViSFTException("ONNX Runtime rejected the model: " + e.getMessage(), e);
    }
    model.inputs().forEach((name, type) -> allocate(env, name, type, inputBuffers, inputTensors));
    model
        .outputs()
        .forEach((name, type) -> allocate(env, name, type, outputBuffers, outputTensors));
    runInputs.putAll(inputTensors);
    runInputs.putAll(fedWeights);
    LOG.debug(
        "session on {} with {} inputs, {} outputs, {} weights",
        options.device(),
        inputBuffers.size(),
        outputBuffers.size(),
        weightTensors.size());
  }

  /** Creates a session; weights are bound from the model's buffers. */
  public static GraphSession create(OnnxModel model, RuntimeOptions options) {
    return new GraphSession(model, options);
  }

  /** Applies {@code options} (optimisation level, spinning, threads, CUDA) to {@code so}. */
  static void configure(OrtSession.SessionOptions so, RuntimeOptions options) throws OrtException {
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    so.addConfigEntry("session.intra_op.allow_spinning", options.spinWait() ? "1" : "0");
    String profile = System.getProperty(PROFILE_PROPERTY);
    if (profile != null && !profile.isBlank()) {
      so.enableProfiling(profile);
    }
    if (options.intraOpThreads() > 0) {
      so.setIntraOpNumThreads(options.intraOpThreads());
    }
    if (options.device() == Device.CUDA) {
      addCuda(so, options.deviceId());
    }
  }

  /**
   * Options for models holding 16-bit weights ({@link FrozenWeights}): common-subexpression
   * elimination would merge the per-use reads of a weight back into one copy that lives from the
   * forward pass to the backward pass, the fp16-initializer fusion and constant folding would widen
   * every held weight once for the session's lifetime. Folding stays on for outputs up to 1 MiB.
   */
  private static void keepWeightReadsTransient(OrtSession.SessionOptions so) throws OrtException {
    so.addConfigEntry(
        "optimization.disable_specified_optimizers",
        "CommonSubexpressionElimination;FuseFp16InitializerToFp32NodeTransformer");
    so.addConfigEntry(
        "optimization.constant_folding_max_output_size_in_bytes", Integer.toString(1 << 20));
  }

  private static void addCuda(OrtSession.SessionOptions so, int deviceId) {
    try {
      so.addCUDA(deviceId);
    } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
      throw new BackendUnavailableException(
          "CUDA was requested but ONNX Runtime's CUDA execution provider could not "
              + "be loaded for device "
              + deviceId
              + ": "
              + e.getMessage()
              + ". "
              + cudaAdvice(OrtEnvironment.getEnvironment().getVersion())
              + ", or run on the CPU with "
              + RuntimeOptions.CPU_SETTING
              + ".",
          e);
    }
  }

  /**
   * What the loaded ONNX Runtime's CUDA provider needs: the CUDA 13 flavour (ONNX Runtime 1.24.x
   * with bytedeco's natives) links CUDA 13, the {@code onnxruntime_gpu} flavour links CUDA 12.
   */
  static String cudaAdvice(String ortVersion) {
    if (ortVersion.startsWith("1.24.")) {
      return "ONNX Runtime "
          + ortVersion
          + " (the io.visft:visft-runtime-cuda13 flavour) needs the NVIDIA driver, "
          + "CUDA 13 (libcudart, libcublas, libcublasLt), cuFFT 12 and cuDNN 9 on the library path";
    }
    return "ONNX Runtime "
        + ortVersion
        + " needs the NVIDIA driver, CUDA 12 and cuDNN 9 (libcudart, libcublas, "
        + "libcudnn on the library path) and the io.visft:visft-runtime-gpu flavour (onnxruntime_gpu, not the CPU-only "
        + "onnxruntime)";
  }

  private static void allocate(
      OrtEnvironment env,
      String name,
      TensorType type,
      Map<String, ByteBuffer> buffers,
      Map<String, OnnxTensor> tensors) {
    ByteBuffer b = OrtTensors.allocate(type.numel() * type.dtype().byteSize());
    buffers.put(name, b);
    tensors.put(name, OrtTensors.wrap(env, b, type.shape(), type.dtype(), name));
  }

  public OnnxModel model() {
    return model;
  }

  /** The pinned buffer of an input (little-endian, position 0); write the input's bytes into it. */
  public ByteBuffer input(String name) {
    checkOpen();
    ByteBuffer b = inputBuffers.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          "unknown input '" + name + "', expected one of " + inputBuffers.keySet());
    }
    return b.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
  }

  /**
   * Copies {@code tensor} into the pinned buffer of input {@code name}, checking type and shape.
   */
  public void setInput(String name, HostTensor tensor) {
    TensorType expected = model.inputs().get(name);
    if (expected == null) {
      throw new IllegalArgumentException(
          "unknown input '" + name + "', expected one of " + inputBuffers.keySet());
    }
    if (expected.dtype() != tensor.dtype() || !Arrays.equals(expected.shape(), tensor.shape())) {
      throw new ShapeException(
          "input '"
              + name
              + "' must be "
              + expected
              + ", got "
              + tensor.dtype()
              + Arrays.toString(tensor.shape()));
    }
    input(name).put(tensor.data().duplicate());
  }

  /** Copies float values into input {@code name} (an F32 input of matching element count). */
  public void setInput(String name, float[] values) {
    TensorType expected = model.inputs().get(name);
    setInput(
        name,
        HostTensor.ofFloats(
            values, expected == null ? new long[] {values.length} : expected.shape()));
  }

  /** Runs the graph once, writing every output into its pinned buffer. */
  public void run() {
    checkOpen();
    long t0 = System.nanoTime();
    try (OrtSession.Result ignored = session.run(runInputs, outputTensors)) {
      // Outputs were written into the pinned buffers.
    } catch (OrtException e) {
      throw new ViSFTException("ONNX Runtime failed to run the graph: " + e.getMessage(), e);
    } finally {
      RUN_NANOS.add(System.nanoTime() - t0);
    }
  }

  /**
   * Nanoseconds every session of this process has spent inside ONNX Runtime's run so far; the
   * difference between two readings, against the wall time between them, gives the share of a
   * training step spent outside ONNX Runtime (data, matching, optimizer, copies).
   */
  public static long cumulativeRunNanos() {
    return RUN_NANOS.sum();
  }

  /** Sets the given inputs, runs, and returns copies of all outputs. */
  public Map<String, HostTensor> run(Map<String, HostTensor> inputs) {
    inputs.forEach(this::setInput);
    run();
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (String name : outputBuffers.keySet()) {
      out.put(name, outputCopy(name));
    }
    return out;
  }

  /** The pinned buffer of an output (read-only view, overwritten by the next run). */
  public ByteBuffer outputBytes(String name) {
    checkOpen();
    ByteBuffer b = outputBuffers.get(name);
    if (b == null) {
      throw new IllegalArgumentException(
          "unknown output '" + name + "', expected one of " + outputBuffers.keySet());
    }
    return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN).clear();
  }

  /** A float view of an F32 output (overwritten by the next run). */
  public FloatBuffer output(String name) {
    return outputBytes(name).asFloatBuffer();
  }

  /** A copy of an output that survives later runs. */
  public HostTensor outputCopy(String name) {
    ByteBuffer src = outputBytes(name);
    ByteBuffer copy =
        ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN).put(src).flip();
    TensorType t = model.outputs().get(name);
    return new HostTensor(t.dtype(), t.shape(), copy);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this GraphSession is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
    }
    closeTensors();
  }

  private void closeTensors() {
    weightTensors.values().forEach(OnnxTensor::close);
    inputTensors.values().forEach(OnnxTensor::close);
    outputTensors.values().forEach(OnnxTensor::close);
  }
}

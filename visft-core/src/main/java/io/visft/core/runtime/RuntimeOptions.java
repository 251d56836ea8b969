package io.visft.core.runtime;

import io.visft.api.ConfigException;
import io.visft.core.graph.ComputePrecision;
import io.visft.core.graph.FrozenWeights;

/**
 * How sessions are created. Creating options checks that ONNX Runtime is on the class path, so a
 * missing flavour artifact is reported here, naming the artifacts to add, before any session.
 *
 * @param device execution provider
 * @param deviceId CUDA device ordinal (ignored on CPU)
 * @param intraOpThreads threads per op; 0 lets ONNX Runtime choose (one per core)
 * @param spinWait let idle ONNX Runtime worker threads spin between ops (ONNX Runtime's default:
 *     fastest on a dedicated machine, wasteful on a shared one); off here, like PyTorch with {@code
 *     OMP_WAIT_POLICY=PASSIVE}
 * @param computePrecision what graphs built for these options compute frozen-weight products in;
 *     16-bit only on CUDA
 * @param frozenWeights how the backbone holds its frozen linear weights: {@code FP32} as stored
 *     (the default), or {@code INT8} quantized once at load and multiplied on ONNX Runtime's
 *     integer kernels (CPU only); applied to a weight map by {@code EvaBackbone.frozenWeights}
 */
public record RuntimeOptions(
    Device device,
    int deviceId,
    int intraOpThreads,
    boolean spinWait,
    ComputePrecision computePrecision,
    FrozenWeights.Precision frozenWeights) {

  /**
   * How messages name the setting that runs on the CPU; a front end that offers it under another
   * name (the command line's {@code --device cpu}) puts that name in its place.
   */
  public static final String CPU_SETTING = "RuntimeOptions.cpu() (or -Dvisft.device=cpu)";

  /** How messages name the setting that runs on CUDA, like {@link #CPU_SETTING}. */
  public static final String CUDA_SETTING = "RuntimeOptions.cuda(id) (or -Dvisft.device=cuda)";

  /**
   * Validates the fields.
   *
   * @throws ConfigException for a null device or precision, a negative ordinal or thread count, or
   *     16-bit precision on CPU, or int8 frozen weights on CUDA
   * @throws io.visft.api.BackendUnavailableException if ONNX Runtime is not on the class path; the
   *     message names {@code io.visft:visft-runtime-cpu} and {@code io.visft:visft-runtime-gpu}
   */
  public RuntimeOptions {
    OrtClassPath.require(RuntimeOptions.class.getClassLoader());
    if (device == null) {
      throw new ConfigException("device must be CPU or CUDA, got null");
    }
    if (deviceId < 0) {
      throw new ConfigException("deviceId = " + deviceId + " is negative; use 0 for the first GPU");
    }
    if (intraOpThreads < 0) {
      throw new ConfigException(
          "intraOpThreads = " + intraOpThreads + " is negative; use 0 for one per core");
    }
    if (computePrecision == null) {
      throw new ConfigException("computePrecision must be FP32, FP16 or BF16, got null");
    }
    if (computePrecision.reduced() && device == Device.CPU) {
      throw new ConfigException(
          "compute precision "
              + computePrecision.configName()
              + " needs the CUDA provider, "
              + CUDA_SETTING
              + ": ONNX Runtime's CPU provider has no BF16 Gemm/MatMul kernels, and its F16 ones are"
              + " slower than F32 (MatMul about 3 times, Gemm hundreds of times); on CPU use fp32");
    }
    if (frozenWeights == null) {
      throw new ConfigException("frozenWeights must be FP32 or INT8, got null");
    }
    if (frozenWeights == FrozenWeights.Precision.INT8 && device == Device.CUDA) {
      throw new ConfigException(
          "int8 frozen weights run on the CPU only: ONNX Runtime's CUDA provider has no "
              + "DynamicQuantizeMatMul kernel. Use frozen_weights: fp32 (--frozen-weights fp32) on CUDA, or run on the "
              + "CPU (--device cpu)");
    }
  }

  /** Options with F32 products ({@link ComputePrecision#FP32}) and fp32 frozen weights. */
  public RuntimeOptions(Device device, int deviceId, int intraOpThreads, boolean spinWait) {
    this(
        device,
        deviceId,
        intraOpThreads,
        spinWait,
        ComputePrecision.FP32,
        FrozenWeights.Precision.FP32);
  }

  /** CPU with ONNX Runtime's default thread count. */
  public static RuntimeOptions cpu() {
    return new RuntimeOptions(Device.CPU, 0, 0, false);
  }

  /** The same options with spinning worker threads on or off. */
  public RuntimeOptions withSpinWait(boolean spin) {
    return new RuntimeOptions(
        device, deviceId, intraOpThreads, spin, computePrecision, frozenWeights);
  }

  /**
   * The same options computing frozen-weight products in {@code precision}.
   *
   * @throws ConfigException for 16-bit precision on CPU
   */
  public RuntimeOptions withComputePrecision(ComputePrecision precision) {
    return new RuntimeOptions(device, deviceId, intraOpThreads, spinWait, precision, frozenWeights);
  }

  /**
   * The same options with frozen linear weights held as {@code precision}.
   *
   * @throws ConfigException for INT8 on CUDA
   */
  public RuntimeOptions withFrozenWeights(FrozenWeights.Precision precision) {
    return new RuntimeOptions(
        device, deviceId, intraOpThreads, spinWait, computePrecision, precision);
  }

  /** CUDA device {@code id}. */
  public static RuntimeOptions cuda(int id) {
    return new RuntimeOptions(Device.CUDA, id, 0, false);
  }

  /** From the system property {@code visft.device}, CPU when unset; see {@link #parse(String)}. */
  public static RuntimeOptions fromSystemProperties() {
    return parse(System.getProperty("visft.device", "cpu"));
  }

  /**
   * From a device name: {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}.
   *
   * @throws ConfigException naming the value and the accepted forms
   */
  public static RuntimeOptions parse(String device) {
    String d = device.trim().toLowerCase(java.util.Locale.ROOT);
    if (d.equals("cpu")) {
      return cpu();
    }
    if (d.equals("cuda")) {
      return cuda(0);
    }
    if (d.startsWith("cuda:")) {
      try {
        return cuda(Integer.parseInt(d.substring(5)));
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "device '" + device + "': the CUDA ordinal must be an integer, e.g. cuda:0", e);
      }
    }
    throw new ConfigException("device '" + device + "' is not one of cpu, cuda, cuda:N");
  }
}

package io.visft.lora.kernels;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static io.visft.lora.kernels.CudaStatus.checkCublas;
import static io.visft.lora.kernels.CudaStatus.checkCuda;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.cublasCreate_v2;
import static org.bytedeco.cuda.global.cublas.cublasDestroy_v2;
import static org.bytedeco.cuda.global.cublas.cublasSgemm_v2;
import static org.bytedeco.cuda.global.cudart.cudaGetDeviceCount;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;

import io.visft.api.BackendUnavailableException;
import io.visft.api.ViSFTException;
import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.javacpp.FloatPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LoraKernels} on an NVIDIA GPU through cuBLAS (JavaCPP CUDA presets). Each call copies its
 * operands to device buffers that are kept and grown across calls, runs the products as {@code
 * cublasSgemm} calls (float32, forming {@code X A^T} first), and copies the outputs back.
 *
 * <p>cuBLAS is column-major; a row-major {@code [m, n]} matrix is the column-major {@code [n, m]}
 * matrix with leading dimension {@code n}, so a row-major {@code C = op(A) op(B)} is computed as
 * the column-major {@code C^T = op(B)^T op(A)^T} by swapping the operands, not the data.
 *
 * <p>Thread safety: an instance owns one cuBLAS handle and one set of device buffers; its methods
 * are synchronized, so it may be shared, but calls run one at a time. Use one instance per thread
 * for concurrency. Every CUDA and cuBLAS status is checked; a failure raises {@link ViSFTException}
 * naming the call and the status.
 */
public final class CudaLoraKernels implements LoraKernels {

  /** Value of {@link #name()}. */
  public static final String NAME = "cuda";

  private static final Logger LOG = LoggerFactory.getLogger(CudaLoraKernels.class);

  private final int device;
  private final cublasContext handle;
  private final FloatPointer alpha = new FloatPointer(1L);
  private final FloatPointer beta = new FloatPointer(1L);
  private final HostStaging staging = new HostStaging();
  private final DeviceBuffer x = new DeviceBuffer("X");
  private final DeviceBuffer a = new DeviceBuffer("A");
  private final DeviceBuffer b = new DeviceBuffer("B");
  private final DeviceBuffer y = new DeviceBuffer("Y (or dY)");
  private final DeviceBuffer t = new DeviceBuffer("T = X A^T");
  private final DeviceBuffer g = new DeviceBuffer("G = dY B");
  private final DeviceBuffer dX = new DeviceBuffer("dX");
  private final DeviceBuffer dA = new DeviceBuffer("dA");
  private final DeviceBuffer dB = new DeviceBuffer("dB");
  private final DeviceBuffer w = new DeviceBuffer("W");
  private boolean closed;

  private CudaLoraKernels(int device) {
    this.device = device;
    checkCuda(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
    cublasContext created = new cublasContext();
    checkCublas(cublasCreate_v2(created), "cublasCreate_v2 on device " + device);
    this.handle = created;
  }

  /** Whether CUDA kernels can run here; if not, why and what to install. Probed once per JVM. */
  public static BackendAvailability availability() {
    return CudaProbe.availability();
  }

  /**
   * Kernels on CUDA device 0.
   *
   * @throws BackendUnavailableException if there is no usable GPU, driver or cuBLAS; the message
   *     says why and what to install
   */
  public static CudaLoraKernels create() {
    return create(0);
  }

  /**
   * Kernels on the given CUDA device.
   *
   * @param device index among the devices the driver reports (see {@code CUDA_VISIBLE_DEVICES})
   * @throws BackendUnavailableException if there is no usable GPU, driver or cuBLAS
   * @throws IllegalArgumentException if there is no such device
   */
  public static CudaLoraKernels create(int device) {
    BackendAvailability availability = availability();
    if (!availability.available()) {
      throw new BackendUnavailableException(
          "CUDA LoRA kernels are unavailable: "
              + availability.detail()
              + ". To fix: "
              + availability.remedy());
    }
    int[] count = new int[1];
    checkCuda(cudaGetDeviceCount(count), "cudaGetDeviceCount");
    checkArgument(
        device >= 0 && device < count[0],
        "CUDA device %s does not exist; this machine has %s device(s)",
        device,
        count[0]);
    return new CudaLoraKernels(device);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized void deltaForward(
      LoraShape shape,
      int rows,
      float[] xHost,
      float[] aHost,
      float[] bHost,
      float scale,
      float[] yHost) {
    begin();
    LoraArguments.checkForward(shape, rows, xHost, aHost, bHost, scale, yHost);
    int in = shape.inFeatures();
    int out = shape.outFeatures();
    int rank = shape.rank();
    FloatPointer xd = upload(x, xHost);
    FloatPointer ad = upload(a, aHost);
    FloatPointer bd = upload(b, bHost);
    FloatPointer yd = upload(y, yHost);
    FloatPointer td = t.reserve((long) rows * rank);
    gemm("T = X A^T", false, true, rows, rank, in, 1f, xd, in, ad, in, 0f, td, rank);
    gemm("Y += s T B^T", false, true, rows, out, rank, scale, td, rank, bd, rank, 1f, yd, out);
    download(y, yHost);
  }

  @Override
  public synchronized void deltaBackward(
      LoraShape shape,
      int rows,
      float[] xHost,
      float[] aHost,
      float[] bHost,
      float scale,
      float[] dYHost,
      LoraGradients into) {
    begin();
    LoraArguments.checkBackward(shape, rows, xHost, aHost, bHost, scale, dYHost, into);
    int in = shape.inFeatures();
    int out = shape.outFeatures();
    int rank = shape.rank();
    FloatPointer xd = upload(x, xHost);
    FloatPointer ad = upload(a, aHost);
    FloatPointer bd = upload(b, bHost);
    FloatPointer dyd = upload(y, dYHost);
    FloatPointer td = t.reserve((long) rows * rank);
    FloatPointer gd = g.reserve((long) rows * rank);
    FloatPointer dxd = dX.reserve(into.dX().length);
    FloatPointer dad = dA.reserve(into.dA().length);
    FloatPointer dbd = dB.reserve(into.dB().length);
    gemm("T = X A^T", false, true, rows, rank, in, 1f, xd, in, ad, in, 0f, td, rank);
    gemm("G = dY B", false, false, rows, rank, out, 1f, dyd, out, bd, rank, 0f, gd, rank);
    gemm("dX = s G A", false, false, rows, in, rank, scale, gd, rank, ad, in, 0f, dxd, in);
    gemm("dA = s G^T X", true, false, rank, in, rows, scale, gd, rank, xd, in, 0f, dad, in);
    gemm("dB = s dY^T T", true, false, out, rank, rows, scale, dyd, out, td, rank, 0f, dbd, rank);
    download(dX, into.dX());
    download(dA, into.dA());
    download(dB, into.dB());
  }

  @Override
  public synchronized void merge(
      LoraShape shape, float[] wHost, float[] aHost, float[] bHost, float scale) {
    begin();
    LoraArguments.checkMerge(shape, wHost, aHost, bHost, scale);
    FloatPointer wd = upload(w, wHost);
    mergeOnDevice(shape, wd, aHost, bHost, scale);
    download(w, wHost);
  }

  @Override
  public synchronized void merge(
      LoraShape shape, FloatBuffer wHost, float[] aHost, float[] bHost, float scale) {
    begin();
    LoraArguments.checkMerge(shape, wHost, aHost, bHost, scale);
    int length = shape.weightLength();
    FloatPointer wd = w.upload(staging.stage(wHost), length);
    mergeOnDevice(shape, wd, aHost, bHost, scale);
    w.download(staging.reserve(length), length);
    staging.unstage(wHost);
  }

  /**
   * Frees the device buffers and the cuBLAS handle; failures are logged, not thrown. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (DeviceBuffer buffer : List.of(x, a, b, y, t, g, dX, dA, dB, w)) {
      try {
        buffer.close();
      } catch (ViSFTException e) {
        LOG.warn("Releasing GPU memory on device {} failed: {}", device, e.getMessage());
      }
    }
    try {
      checkCublas(cublasDestroy_v2(handle), "cublasDestroy_v2");
    } catch (ViSFTException e) {
      LOG.warn("Destroying the cuBLAS handle on device {} failed: {}", device, e.getMessage());
    }
    staging.close();
    alpha.close();
    beta.close();
  }

  @Override
  public String toString() {
    return "CudaLoraKernels[device=" + device + "]";
  }

  private void mergeOnDevice(
      LoraShape shape, FloatPointer wd, float[] aHost, float[] bHost, float scale) {
    int in = shape.inFeatures();
    int rank = shape.rank();
    FloatPointer ad = upload(a, aHost);
    FloatPointer bd = upload(b, bHost);
    gemm(
        "W += s B A",
        false,
        false,
        shape.outFeatures(),
        in,
        rank,
        scale,
        bd,
        rank,
        ad,
        in,
        1f,
        wd,
        in);
  }

  /**
   * Row-major {@code C [m, n] = alphaValue op(A) op(B) + betaValue C}, where {@code op(A)} is
   * {@code [m, k]} and {@code op(B)} is {@code [k, n]}; {@code lda}, {@code ldb}, {@code ldc} are
   * the row lengths of the matrices as stored. Issued as the column-major {@code C^T = op(B)^T
   * op(A)^T}.
   */
  private void gemm(
      String product,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alphaValue,
      FloatPointer aDev,
      int lda,
      FloatPointer bDev,
      int ldb,
      float betaValue,
      FloatPointer cDev,
      int ldc) {
    alpha.put(0, alphaValue);
    beta.put(0, betaValue);
    int status =
        cublasSgemm_v2(
            handle,
            transB ? CUBLAS_OP_T : CUBLAS_OP_N,
            transA ? CUBLAS_OP_T : CUBLAS_OP_N,
            n,
            m,
            k,
            alpha,
            bDev,
            ldb,
            aDev,
            lda,
            beta,
            cDev,
            ldc);
    checkCublas(
        status, "cublasSgemm_v2 for " + product + " (m=" + m + ", n=" + n + ", k=" + k + ")");
  }

  private void begin() {
    checkState(
        !closed,
        "these CUDA LoRA kernels were closed; create new ones with CudaLoraKernels.create()");
    checkCuda(cudaSetDevice(device), "cudaSetDevice(" + device + ")");
  }

  private FloatPointer upload(DeviceBuffer buffer, float[] host) {
    return buffer.upload(staging.stage(host), host.length);
  }

  private void download(DeviceBuffer buffer, float[] host) {
    buffer.download(staging.reserve(host.length), host.length);
    staging.unstage(host);
  }
}

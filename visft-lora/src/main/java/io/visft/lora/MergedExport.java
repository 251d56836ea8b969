package io.visft.lora;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.ExportOps;
import io.visft.core.onnx.OnnxFiles;
import io.visft.core.onnx.SymbolicBatch;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.LinearLayer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports an adapted backbone for deployment: the adapter merged into the weights, written as a
 * plain inference ONNX model ({@code pixel_values [batch, 3, H, W]} in, {@code features [batch, D,
 * H/p, W/p]} out) with its weights as external data beside it, loadable by ONNX Runtime on its own.
 * Provenance (config, adapter name, rank, scaling) goes into the model's metadata.
 *
 * <p>The batch axis is symbolic ({@value SymbolicBatch#DIM_PARAM}): one file serves any batch size,
 * and an image's features do not depend on the other images of its batch. The resolution H×W is
 * fixed when exporting, because the position embedding is resized to the patch grid of H×W once,
 * into the model: choose the size the model will be fed (multiples of the patch size p, e.g.
 * 224×224 for p = 14; the size the adapter was trained at is a good default), and export one file
 * per resolution if several are needed.
 *
 * <p>With {@link FrozenWeights.Precision#INT8} the merged linear weights of the blocks are
 * quantized the way int8 frozen weights are ({@code EvaBackbone.frozenWeights}: symmetric per
 * output channel, seven-bit magnitudes) and written as int8 with their scales; the products are
 * standard ONNX ({@code DynamicQuantizeLinear}, {@code MatMulInteger}), which ONNX Runtime's CPU
 * provider fuses into its integer kernel. No quantization tool is needed to make or run the file.
 *
 * <p>Files use standard ONNX ops ({@link ExportOps#STANDARD}) unless {@link ExportOps#ONNX_RUNTIME}
 * is passed, which writes ONNX Runtime's fused kernels for a file only ONNX Runtime will load.
 */
public final class MergedExport {
  private MergedExport() {}

  /**
   * Writes {@code file} and {@code file + ".data"}.
   *
   * @param lora the adapter to merge, or {@code null} to export the base backbone
   * @param height the input height H, a multiple of the patch size
   * @param width the input width W, a multiple of the patch size
   */
  public static void save(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      int height,
      int width,
      Path file) {
    save(config, weights, lora, height, width, file, FrozenWeights.Precision.FP32);
  }

  /**
   * Writes {@code file} and {@code file + ".data"} with the merged linear weights held as {@code
   * precision} (recorded in the metadata as {@code visft.frozen_weights}).
   *
   * @param lora the adapter to merge, or {@code null} to export the base backbone
   * @param height the input height H, a multiple of the patch size
   * @param width the input width W, a multiple of the patch size
   */
  public static void save(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      int height,
      int width,
      Path file,
      FrozenWeights.Precision precision) {
    save(config, weights, lora, height, width, file, precision, ExportOps.STANDARD);
  }

  /**
   * Writes {@code file} and {@code file + ".data"} with the merged linear weights held as {@code
   * precision}, using the operators {@code ops} allows (recorded in the metadata as {@code
   * visft.export_ops}). {@link ExportOps#ONNX_RUNTIME} writes the fused kernels this library's own
   * sessions run, for a file that only ONNX Runtime will load.
   *
   * @param lora the adapter to merge, or {@code null} to export the base backbone
   * @param height the input height H, a multiple of the patch size
   * @param width the input width W, a multiple of the patch size
   */
  public static void save(
      EvaConfig config,
      Map<String, HostTensor> weights,
      Lora lora,
      int height,
      int width,
      Path file,
      FrozenWeights.Precision precision,
      ExportOps ops) {
    if (precision == null || ops == null) {
      throw new ConfigException(
          "MergedExport.save needs a precision (FrozenWeights.Precision.FP32 or INT8) and an op set"
              + " (ExportOps.STANDARD or ONNX_RUNTIME), got precision "
              + precision
              + " and ops "
              + ops);
    }
    Map<String, HostTensor> merged =
        EvaBackbone.frozenWeights(
            lora == null ? weights : LoraMerge.merged(weights, lora), precision);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("visft.config", config.toString());
    meta.put("visft.frozen_weights", precision.configName());
    meta.put("visft.export_ops", ops.configName());
    if (lora != null) {
      meta.put("visft.adapter", lora.name());
      meta.put("visft.adapter.rank", Integer.toString(lora.rank()));
      meta.put("visft.adapter.scaling", Double.toString(lora.scaling()));
    }
    OnnxFiles.save(
        SymbolicBatch.export(
            batch -> {
              Graph g = new Graph();
              Value px = g.input("pixel_values", DType.F32, batch, 3, height, width);
              Value features = EvaBackbone.build(g, config, merged, px, LinearLayer.PLAIN);
              return new SymbolicBatch.Built(g, Map.of("features", features));
            },
            meta,
            ops),
        file);
  }
}

package io.visft.lora;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.onnx.OnnxFiles;
import io.visft.core.vit.EvaBackbone;
import io.visft.core.vit.EvaConfig;
import io.visft.core.vit.LinearLayer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports an adapted backbone for deployment: the adapter merged into the weights, written as a
 * plain inference ONNX model ({@code pixel_values [B, 3, H, W]} in, {@code features
 * [B, D, H/p, W/p]} out) with its weights as external data beside it, loadable by ONNX Runtime on
 * its own. Provenance (config, adapter name, rank, scaling) goes into the model's metadata.
 */
public final class MergedExport {
  private MergedExport() {}

  /**
   * @param lora the adapter to merge, or {@code null} to export the base backbone
   * @param pixelShape the static input shape {@code [B, 3, H, W]}
   */
  public static void save(EvaConfig config, Map<String, HostTensor> weights, Lora lora, long[] pixelShape, Path file) {
    Map<String, HostTensor> merged = lora == null ? weights : LoraMerge.merged(weights, lora);
    Graph g = new Graph();
    Value px = g.input("pixel_values", DType.F32, pixelShape);
    Value features = EvaBackbone.build(g, config, merged, px, LinearLayer.PLAIN);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("visft.config", config.toString());
    if (lora != null) {
      meta.put("visft.adapter", lora.name());
      meta.put("visft.adapter.rank", Integer.toString(lora.rank()));
      meta.put("visft.adapter.scaling", Double.toString(lora.scaling()));
    }
    OnnxFiles.save(OnnxExporter.exportStandard(g, Map.of("features", features), meta), file);
  }
}

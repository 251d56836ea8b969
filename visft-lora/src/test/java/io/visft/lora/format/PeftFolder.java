package io.visft.lora.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A PEFT adapter folder built by hand, as this library writes q/v slices of fused qkv layers: per
 * block {@code lora_A [2r, D]} (q rows then v rows) and a block-diagonal {@code lora_B [3D, 2r]},
 * {@code r = 2r}, {@code lora_alpha = 2·alpha} and the {@code visft.sites} metadata. Tests edit the
 * tensors, metadata and config, then {@link #write} the files.
 */
final class PeftFolder {
  static final String PREFIX = "base_model.model.";
  final Map<String, HostTensor> tensors = new LinkedHashMap<>();
  final Map<String, String> metadata = new LinkedHashMap<>();
  final ObjectNode config = new ObjectMapper().createObjectNode();

  /**
   * {@code blocks} blocks of width {@code d}, slices of rank {@code r}, alpha {@code alpha}, seeded
   * values.
   */
  PeftFolder(int blocks, int d, int r, double alpha, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StringBuilder sites = new StringBuilder("[");
    for (int blk = 0; blk < blocks; blk++) {
      String m = module(blk);
      float[] a = new float[2 * r * d];
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) rnd.nextDouble(-1, 1);
      }
      float[] b = new float[3 * d * 2 * r];
      for (int row = 0; row < d; row++) {
        for (int c = 0; c < r; c++) {
          b[row * 2 * r + c] = (float) rnd.nextDouble(-1, 1);
          b[(2 * d + row) * 2 * r + r + c] = (float) rnd.nextDouble(-1, 1);
        }
      }
      tensors.put(keyA(blk), HostTensor.ofFloats(a, 2 * r, d));
      tensors.put(keyB(blk), HostTensor.ofFloats(b, 3 * d, 2 * r));
      sites
          .append(blk == 0 ? "" : ",")
          .append("{\"module\":\"")
          .append(m)
          .append("\",\"part\":\"Q\"},{\"module\":\"")
          .append(m)
          .append("\",\"part\":\"V\"}");
    }
    metadata.put("format", "pt");
    metadata.put(PeftLoraFormat.SITES_METADATA, sites.append("]").toString());
    config
        .put("peft_type", "LORA")
        .put("r", 2 * r)
        .put("lora_alpha", 2 * alpha)
        .put("use_rslora", false)
        .put("bias", "none");
  }

  static String module(int block) {
    return "blocks." + block + ".attn.qkv";
  }

  static String keyA(int block) {
    return PREFIX + module(block) + ".lora_A.weight";
  }

  static String keyB(int block) {
    return PREFIX + module(block) + ".lora_B.weight";
  }

  /** Re-declares a tensor's dtype and shape over the same bytes, as a hand-edited header does. */
  void redeclare(String key, DType dtype, long... shape) {
    tensors.put(key, new HostTensor(dtype, shape, tensors.get(key).data().duplicate()));
  }

  /** Writes {@code adapter_config.json} and {@code adapter_model.safetensors} into {@code dir}. */
  Path write(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(PeftLoraFormat.CONFIG_FILE), config.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SafetensorsWriter.write(dir.resolve(PeftLoraFormat.WEIGHTS_FILE), tensors, metadata);
    return dir;
  }
}

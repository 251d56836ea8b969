package io.visft.lora.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.AtomicFiles;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraSite;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face PEFT's LoRA adapter folder: {@code adapter_config.json} ({@code peft_type} LORA,
 * {@code r}, {@code lora_alpha}, {@code target_modules}, {@code use_rslora}, ...) and {@code
 * adapter_model.safetensors} with {@code base_model.model.<module>.lora_A.weight [r, in]} and
 * {@code …lora_B.weight [out, r]}, so that PEFT's delta {@code B·A·scaling} equals this library's.
 *
 * <p>PEFT cannot adapt a slice of a fused layer, so slice sites (q and v of {@code attn.qkv}) are
 * embedded exactly as one adapter of rank {@code k·r} on the whole layer: A stacks the slices' A, B
 * is block-diagonal with zero blocks for the rows of the parts not adapted, and {@code lora_alpha}
 * is scaled so the PEFT scaling of that rank equals the original one ({@code alpha_pattern} and
 * {@code rank_pattern} carry modules whose rank differs from the global one). The original layout
 * is kept in the safetensors metadata ({@value #SITES_METADATA}) so a round trip restores slices.
 */
public final class PeftLoraFormat {
  public static final String CONFIG_FILE = "adapter_config.json";
  public static final String WEIGHTS_FILE = "adapter_model.safetensors";
  static final String SITES_METADATA = "visft.sites";
  private static final String KEY_PREFIX = "base_model.model.";

  private PeftLoraFormat() {}

  /**
   * Writes {@code lora} into {@code dir} (created if needed); both files are written atomically.
   */
  public static void write(Lora lora, Path dir) {
    LoraConfig c = lora.config();
    Map<String, HostTensor> tensors = tensors(lora, lora.tensors());
    Map<String, List<LoraSite>> modules = modules(lora);
    Map<String, Integer> ranks = new LinkedHashMap<>();
    Map<String, Double> alphas = new LinkedHashMap<>();
    ArrayNode sites = new ObjectMapper().createArrayNode();
    for (Map.Entry<String, List<LoraSite>> e : modules.entrySet()) {
      List<LoraSite> parts = e.getValue();
      int k = parts.size();
      int rank = c.r() * k;
      ranks.put(e.getKey(), rank);
      alphas.put(e.getKey(), c.useRslora() ? c.alpha() * Math.sqrt(k) : c.alpha() * k);
      for (LoraSite site : parts) {
        ObjectNode node = sites.addObject().put("module", site.module());
        if (site.part() != null) {
          node.put("part", site.part().name());
        }
      }
    }
    String first = modules.keySet().iterator().next();
    int globalRank = ranks.get(first);
    double globalAlpha = alphas.get(first);
    ObjectMapper json = new ObjectMapper();
    ObjectNode cfg = json.createObjectNode();
    cfg.put("peft_type", "LORA");
    cfg.putNull("task_type");
    cfg.putNull("base_model_name_or_path");
    cfg.put("r", globalRank);
    cfg.put("lora_alpha", globalAlpha);
    cfg.put("lora_dropout", c.dropout());
    cfg.put("use_rslora", c.useRslora());
    cfg.put("bias", "none");
    cfg.put("fan_in_fan_out", false);
    cfg.put("init_lora_weights", true);
    cfg.put("inference_mode", true);
    ArrayNode targets = cfg.putArray("target_modules");
    modules.keySet().forEach(targets::add);
    ObjectNode rankPattern = cfg.putObject("rank_pattern");
    ObjectNode alphaPattern = cfg.putObject("alpha_pattern");
    for (String m : modules.keySet()) {
      if (ranks.get(m) != globalRank) {
        rankPattern.put(m, ranks.get(m));
      }
      if (alphas.get(m) != globalAlpha) {
        alphaPattern.put(m, alphas.get(m));
      }
    }
    cfg.putNull("modules_to_save");
    byte[] text;
    try {
      text = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(cfg);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    SafetensorsWriter.write(
        dir.resolve(WEIGHTS_FILE),
        tensors,
        Map.of("format", "pt", SITES_METADATA, sites.toString()));
    AtomicFiles.write(dir.resolve(CONFIG_FILE), ch -> ch.write(ByteBuffer.wrap(text)));
  }

  private static Map<String, List<LoraSite>> modules(Lora lora) {
    Map<String, List<LoraSite>> modules = new LinkedHashMap<>();
    lora.sites()
        .values()
        .forEach(s -> modules.computeIfAbsent(s.module(), m -> new ArrayList<>()).add(s));
    return modules;
  }

  /**
   * PEFT-keyed {@code lora_A}/{@code lora_B} tensors of {@code lora}'s layout, built from per-site
   * tensors named like {@link LoraSite#nameA()} (the adapter's values, or gradients of them):
   * slices of one module are stacked in A and placed block-diagonally in B.
   */
  public static Map<String, HostTensor> tensors(Lora lora, Map<String, HostTensor> perSite) {
    int r = lora.rank();
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, List<LoraSite>> e : modules(lora).entrySet()) {
      List<LoraSite> parts = e.getValue();
      int k = parts.size();
      int rank = r * k;
      long in = parts.get(0).in();
      long rows = parts.get(0).part() == null ? parts.get(0).out() : parts.get(0).out() * 3;
      float[] a = new float[(int) (rank * in)];
      float[] b = new float[(int) (rows * rank)];
      for (int p = 0; p < k; p++) {
        LoraSite s = parts.get(p);
        System.arraycopy(
            perSite.get(s.nameA()).toFloatArray(), 0, a, (int) (p * r * in), (int) (r * in));
        float[] bs = perSite.get(s.nameB()).toFloatArray();
        for (int row = 0; row < s.out(); row++) {
          System.arraycopy(bs, row * r, b, (int) ((s.rowOffset() + row) * rank + p * r), r);
        }
      }
      tensors.put(KEY_PREFIX + e.getKey() + ".lora_A.weight", HostTensor.ofFloats(a, rank, in));
      tensors.put(KEY_PREFIX + e.getKey() + ".lora_B.weight", HostTensor.ofFloats(b, rows, rank));
    }
    return tensors;
  }

  /**
   * Reads a PEFT LoRA folder.
   *
   * @throws FileFormatException naming the file and field when the folder is not a LoRA adapter
   */
  public static Lora read(Path dir, String name) {
    return read(dir, name, true);
  }

  /**
   * Reads a PEFT LoRA folder; with {@code restoreSlices} false, slice adapters written by this
   * library are read as PEFT sees them (whole layers of rank k·r), e.g. to compare gradients with
   * PEFT's.
   */
  public static Lora read(Path dir, String name, boolean restoreSlices) {
    return PeftLoraReader.read(dir, name, restoreSlices);
  }
}

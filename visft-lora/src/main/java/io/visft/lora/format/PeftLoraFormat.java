package io.visft.lora.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.AtomicFiles;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraInit;
import io.visft.lora.LoraSite;
import io.visft.lora.LoraTarget;
import io.visft.lora.QkvPart;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face PEFT's LoRA adapter folder: {@code adapter_config.json} ({@code peft_type} LORA,
 * {@code r}, {@code lora_alpha}, {@code target_modules}, {@code use_rslora}, ...) and
 * {@code adapter_model.safetensors} with {@code base_model.model.<module>.lora_A.weight [r, in]} and
 * {@code …lora_B.weight [out, r]}, so that PEFT's delta {@code B·A·scaling} equals this library's.
 *
 * <p>PEFT cannot adapt a slice of a fused layer, so slice sites (q and v of {@code attn.qkv}) are
 * embedded exactly as one adapter of rank {@code k·r} on the whole layer: A stacks the slices' A,
 * B is block-diagonal with zero blocks for the rows of the parts not adapted, and {@code lora_alpha}
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

  /** Writes {@code lora} into {@code dir} (created if needed); both files are written atomically. */
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
    SafetensorsWriter.write(dir.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt", SITES_METADATA, sites.toString()));
    AtomicFiles.write(dir.resolve(CONFIG_FILE), ch -> ch.write(ByteBuffer.wrap(text)));
  }

  private static Map<String, List<LoraSite>> modules(Lora lora) {
    Map<String, List<LoraSite>> modules = new LinkedHashMap<>();
    lora.sites().values().forEach(s -> modules.computeIfAbsent(s.module(), m -> new ArrayList<>()).add(s));
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
        System.arraycopy(perSite.get(s.nameA()).toFloatArray(), 0, a, (int) (p * r * in), (int) (r * in));
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
    Path cfgPath = dir.resolve(CONFIG_FILE);
    JsonNode cfg;
    try {
      cfg = new ObjectMapper().readTree(Files.readString(cfgPath, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new FileFormatException("cannot read PEFT adapter config " + cfgPath + ": " + e.getMessage()
          + " (a PEFT adapter folder holds " + CONFIG_FILE + " and " + WEIGHTS_FILE + ")", e);
    }
    if (!"LORA".equals(cfg.path("peft_type").asText())) {
      throw new FileFormatException(cfgPath + ": peft_type is '" + cfg.path("peft_type").asText() + "', expected 'LORA'");
    }
    int r = requireInt(cfgPath, cfg, "r");
    double alpha = cfg.has("lora_alpha") ? cfg.get("lora_alpha").asDouble() : r;
    boolean rslora = cfg.path("use_rslora").asBoolean(false);
    if (cfg.path("use_dora").asBoolean(false)) {
      throw new FileFormatException(cfgPath + ": use_dora = true: DoRA adapters (a learned magnitude vector on top of"
          + " LoRA) are not supported; train or export a plain LoRA adapter");
    }
    String bias = cfg.path("bias").asText("none");
    if (!bias.equals("none")) {
      throw new FileFormatException(cfgPath + ": bias = '" + bias + "': adapters that also train the layers' biases"
          + " are not supported; only bias = 'none' is");
    }
    if (cfg.hasNonNull("modules_to_save") && !cfg.get("modules_to_save").isEmpty()) {
      throw new FileFormatException(cfgPath + ": modules_to_save = " + cfg.get("modules_to_save") + ": adapters that"
          + " carry fully trained modules besides LoRA are not supported");
    }
    if (cfg.path("fan_in_fan_out").asBoolean(false)) {
      throw new FileFormatException(cfgPath + ": fan_in_fan_out = true (Conv1D-style weights) is not supported for ViT linears");
    }
    try (SafetensorsFile w = SafetensorsFile.open(dir.resolve(WEIGHTS_FILE))) {
      Map<String, long[]> modules = new LinkedHashMap<>();
      for (String key : w.names()) {
        if (!key.startsWith(KEY_PREFIX) || !(key.endsWith(".lora_A.weight") || key.endsWith(".lora_B.weight"))) {
          throw new FileFormatException(w.path() + ": key '" + key + "' is not a PEFT LoRA tensor ("
              + KEY_PREFIX + "<module>.lora_A.weight / .lora_B.weight)");
        }
        String module = key.substring(KEY_PREFIX.length(), key.length() - ".lora_A.weight".length());
        if (key.endsWith(".lora_B.weight")) {
          modules.put(module, w.shape(key));
        }
      }
      JsonNode sitesMeta = restoreSlices && w.metadata().containsKey(SITES_METADATA)
          ? new ObjectMapper().readTree(w.metadata().get(SITES_METADATA)) : null;
      return sitesMeta != null ? readSliced(w, name, r, alpha, rslora, cfg, modules, sitesMeta)
          : readWhole(w, name, r, alpha, rslora, cfg, modules);
    } catch (IOException e) {
      throw new FileFormatException(dir.resolve(WEIGHTS_FILE) + ": unreadable " + SITES_METADATA + " metadata", e);
    }
  }

  private static Lora readWhole(SafetensorsFile w, String name, int r, double alpha, boolean rslora, JsonNode cfg,
      Map<String, long[]> modules) {
    List<LoraSite> sites = new ArrayList<>();
    Map<String, HostTensor> values = new LinkedHashMap<>();
    int rank = -1;
    double rankAlpha = Double.NaN;
    String firstModule = null;
    for (Map.Entry<String, long[]> e : modules.entrySet()) {
      String m = e.getKey();
      HostTensor a = w.tensorF32(KEY_PREFIX + m + ".lora_A.weight");
      HostTensor b = w.tensorF32(KEY_PREFIX + m + ".lora_B.weight");
      int rankM = (int) patternValue(w, cfg, "rank_pattern", m, r);
      double alphaM = patternValue(w, cfg, "alpha_pattern", m, alpha);
      if (a.shape()[0] != rankM || b.shape()[1] != rankM) {
        throw new FileFormatException(w.path() + ": module " + m + " has lora_A " + java.util.Arrays.toString(a.shape())
            + " and lora_B " + java.util.Arrays.toString(b.shape()) + ", expected rank " + rankM
            + (rankM == r ? " (r)" : " (rank_pattern)"));
      }
      if (firstModule == null) {
        firstModule = m;
        rank = rankM;
        rankAlpha = alphaM;
      } else if (rankM != rank || alphaM != rankAlpha) {
        throw new FileFormatException(w.path() + ": module " + m + " has rank " + rankM + " / alpha " + alphaM
            + " but " + firstModule + " has " + rank + " / " + rankAlpha
            + "; adapters with per-module ranks or alphas are not supported");
      }
      LoraSite s = new LoraSite(m, null, a.shape()[1], b.shape()[0], 0);
      sites.add(s);
      values.put(s.nameA(), a);
      values.put(s.nameB(), b);
    }
    List<LoraTarget> targets = modules.keySet().stream().map(LoraTarget::suffix).toList();
    Lora lora = Lora.empty(name, new LoraConfig(rank, rankAlpha, 0, rslora, LoraInit.KAIMING_UNIFORM, targets), sites);
    lora.load(values);
    return lora;
  }

  /**
   * PEFT's per-module override from {@code rank_pattern} or {@code alpha_pattern}: the value of the
   * first key that matches the module name as PEFT matches it (the key as a regular expression for
   * the name's last dot-separated components, {@code (.*\.)?(key)$}), else {@code fallback}.
   */
  private static double patternValue(SafetensorsFile w, JsonNode cfg, String field, String module, double fallback) {
    for (java.util.Iterator<Map.Entry<String, JsonNode>> it = cfg.path(field).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      java.util.regex.Pattern p;
      try {
        p = java.util.regex.Pattern.compile("(.*\\.)?(" + e.getKey() + ")$");
      } catch (java.util.regex.PatternSyntaxException bad) {
        throw new FileFormatException(w.path().resolveSibling(CONFIG_FILE) + ": " + field + " key '" + e.getKey()
            + "' is not a valid regular expression: " + bad.getDescription());
      }
      if (p.matcher(module).matches()) {
        if (!e.getValue().isNumber() || e.getValue().asDouble() <= 0) {
          throw new FileFormatException(w.path().resolveSibling(CONFIG_FILE) + ": " + field + "['" + e.getKey()
              + "'] = " + e.getValue() + ", expected a positive number");
        }
        return e.getValue().asDouble();
      }
    }
    return fallback;
  }

  private static Lora readSliced(SafetensorsFile w, String name, int globalRank, double globalAlpha, boolean rslora,
      JsonNode cfg, Map<String, long[]> modules, JsonNode sitesMeta) {
    Map<String, List<QkvPart>> parts = new LinkedHashMap<>();
    for (JsonNode s : sitesMeta) {
      List<QkvPart> list = parts.computeIfAbsent(s.get("module").asText(), m -> new ArrayList<>());
      if (s.has("part")) {
        list.add(QkvPart.valueOf(s.get("part").asText()));
      }
    }
    String first = parts.keySet().iterator().next();
    int k0 = Math.max(1, parts.get(first).size());
    int r = globalRank / k0;
    double alpha = rslora ? globalAlpha / Math.sqrt(k0) : globalAlpha / k0;
    List<LoraSite> sites = new ArrayList<>();
    Map<String, HostTensor> values = new LinkedHashMap<>();
    List<LoraTarget> targets = new ArrayList<>();
    for (Map.Entry<String, List<QkvPart>> e : parts.entrySet()) {
      String m = e.getKey();
      float[] a = w.tensorF32(KEY_PREFIX + m + ".lora_A.weight").toFloatArray();
      float[] b = w.tensorF32(KEY_PREFIX + m + ".lora_B.weight").toFloatArray();
      long[] bs = modules.get(m);
      long rows = bs[0];
      int rank = (int) bs[1];
      long in = a.length / rank;
      if (e.getValue().isEmpty()) {
        LoraSite s = new LoraSite(m, null, in, rows, 0);
        sites.add(s);
        values.put(s.nameA(), HostTensor.ofFloats(a, r, in));
        values.put(s.nameB(), HostTensor.ofFloats(b, rows, r));
        targets.add(LoraTarget.suffix(m));
        continue;
      }
      long d = rows / 3;
      targets.add(new LoraTarget(m, false, new java.util.LinkedHashSet<>(e.getValue())));
      for (int p = 0; p < e.getValue().size(); p++) {
        QkvPart part = e.getValue().get(p);
        LoraSite s = new LoraSite(m, part, in, d, part.start(d));
        sites.add(s);
        float[] ap = java.util.Arrays.copyOfRange(a, (int) (p * r * in), (int) ((p + 1) * r * in));
        float[] bp = new float[(int) (d * r)];
        for (int row = 0; row < d; row++) {
          System.arraycopy(b, (int) ((s.rowOffset() + row) * rank + p * r), bp, row * r, r);
        }
        values.put(s.nameA(), HostTensor.ofFloats(ap, r, in));
        values.put(s.nameB(), HostTensor.ofFloats(bp, d, r));
      }
    }
    Lora lora = Lora.empty(name, new LoraConfig(r, alpha, 0, rslora, LoraInit.KAIMING_UNIFORM, targets), sites);
    lora.load(values);
    return lora;
  }

  private static int requireInt(Path file, JsonNode cfg, String field) {
    JsonNode n = cfg.get(field);
    if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
      throw new FileFormatException(file + ": field '" + field + "' must be a positive integer, got " + n);
    }
    return n.asInt();
  }
}

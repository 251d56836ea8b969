package io.visft.lora.format;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.Capped;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraInit;
import io.visft.lora.LoraSite;
import io.visft.lora.LoraTarget;
import io.visft.lora.QkvPart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a PEFT LoRA folder (see {@link PeftLoraFormat}). The tensors' own shapes are the truth:
 * every module needs both {@code lora_A [rank, in]} and {@code lora_B [out, rank]} of one rank, and
 * the config's ranks and the {@value PeftLoraFormat#SITES_METADATA} metadata must agree with them,
 * or the read fails naming the key, the declared and the actual shape.
 */
final class PeftLoraReader {
  private static final String PREFIX = "base_model.model.";
  private static final String A_SUFFIX = ".lora_A.weight";
  private static final String B_SUFFIX = ".lora_B.weight";

  /** Relative tolerance when per-module alphas, divided back into per-slice alphas, must agree. */
  private static final double ALPHA_TOLERANCE = 1e-9;

  /** One module's pair, checked against each other: A {@code [rank, in]}, B {@code [out, rank]}. */
  private record Pair(String module, int rank, long in, long out, HostTensor a, HostTensor b) {
    String shapes() {
      return "lora_A " + Arrays.toString(a.shape()) + " and lora_B " + Arrays.toString(b.shape());
    }
  }

  private PeftLoraReader() {}

  static Lora read(Path dir, String name, boolean restoreSlices) {
    PeftAdapterConfig cfg = PeftAdapterConfig.read(dir.resolve(PeftLoraFormat.CONFIG_FILE));
    try (SafetensorsFile w = SafetensorsFile.open(dir.resolve(PeftLoraFormat.WEIGHTS_FILE))) {
      Map<String, Pair> pairs = pairs(w);
      String sites = restoreSlices ? w.metadata().get(PeftLoraFormat.SITES_METADATA) : null;
      return sites != null
          ? readSliced(w, name, cfg, pairs, SitesMetadata.parse(w.path(), sites))
          : readWhole(w, name, cfg, pairs);
    }
  }

  /** Every module's pair, in file order. */
  private static Map<String, Pair> pairs(SafetensorsFile w) {
    Map<String, String[]> keys = new LinkedHashMap<>();
    for (String key : w.names()) {
      boolean isA = key.endsWith(A_SUFFIX);
      if (!key.startsWith(PREFIX)
          || !(isA || key.endsWith(B_SUFFIX))
          || key.length() <= PREFIX.length() + A_SUFFIX.length()) {
        throw new FileFormatException(
            w.path()
                + ": key '"
                + Capped.value(key)
                + "' is not a PEFT LoRA tensor ("
                + PREFIX
                + "<module>"
                + A_SUFFIX
                + " / "
                + B_SUFFIX
                + ")");
      }
      String module = key.substring(PREFIX.length(), key.length() - A_SUFFIX.length());
      keys.computeIfAbsent(module, m -> new String[2])[isA ? 0 : 1] = key;
    }
    if (keys.isEmpty()) {
      throw new FileFormatException(
          w.path()
              + " holds no tensors; a PEFT LoRA adapter holds "
              + PREFIX
              + "<module>"
              + A_SUFFIX
              + " and "
              + B_SUFFIX
              + " for every adapted module");
    }
    List<String> incomplete =
        keys.entrySet().stream()
            .filter(e -> e.getValue()[0] == null || e.getValue()[1] == null)
            .map(
                e ->
                    Capped.value(e.getKey())
                        + " (no "
                        + Capped.value(
                            PREFIX + e.getKey() + (e.getValue()[0] == null ? A_SUFFIX : B_SUFFIX))
                        + ")")
            .toList();
    if (!incomplete.isEmpty()) {
      throw new FileFormatException(
          w.path()
              + ": "
              + incomplete.size()
              + " module(s) lack half of their LoRA pair: "
              + Capped.list(incomplete)
              + "; every adapted module needs both lora_A and lora_B");
    }
    Map<String, Pair> pairs = new LinkedHashMap<>();
    keys.forEach((module, k) -> pairs.put(module, pair(w, module, k[0], k[1])));
    return pairs;
  }

  private static Pair pair(SafetensorsFile w, String module, String keyA, String keyB) {
    for (String key : List.of(keyA, keyB)) {
      DType dtype = w.dtype(key);
      if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
        throw new FileFormatException(
            w.path()
                + ": tensor '"
                + Capped.value(key)
                + "' has dtype "
                + dtype
                + "; LoRA weights must be F32, F16 or BF16");
      }
    }
    long[] as = w.shape(keyA);
    long[] bs = w.shape(keyB);
    String shapes = "lora_A " + Arrays.toString(as) + " and lora_B " + Arrays.toString(bs);
    if (as.length != 2 || bs.length != 2 || as[0] < 1 || as[1] < 1 || bs[0] < 1) {
      throw new FileFormatException(
          w.path()
              + ": module "
              + module
              + " has "
              + shapes
              + "; expected lora_A [rank, in] and lora_B [out, rank] with every size at least 1");
    }
    if (as[0] != bs[1]) {
      throw new FileFormatException(
          w.path()
              + ": module "
              + Capped.value(module)
              + " has "
              + shapes
              + ": '"
              + Capped.value(keyA)
              + "' declares rank "
              + as[0]
              + " but '"
              + Capped.value(keyB)
              + "' declares rank "
              + bs[1]
              + "; a LoRA pair is lora_A [rank, in], lora_B [out, rank]");
    }
    return new Pair(
        module, Math.toIntExact(as[0]), as[1], bs[0], w.tensorF32(keyA), w.tensorF32(keyB));
  }

  /** Checks the config's rank for a module against its tensors'. */
  private static void checkRank(SafetensorsFile w, PeftAdapterConfig cfg, Pair p) {
    if (cfg.rank(p.module()) != p.rank()) {
      throw new FileFormatException(
          cfg.file()
              + ": module "
              + Capped.value(p.module())
              + " has "
              + cfg.rankSource(p.module())
              + " but its tensors in "
              + w.path().getFileName()
              + " have rank "
              + p.rank()
              + " ("
              + p.shapes()
              + "); set r or rank_pattern to the tensors' rank");
    }
  }

  private static Lora readWhole(
      SafetensorsFile w, String name, PeftAdapterConfig cfg, Map<String, Pair> pairs) {
    List<LoraSite> sites = new ArrayList<>();
    Map<String, HostTensor> values = new LinkedHashMap<>();
    Pair first = null;
    for (Pair p : pairs.values()) {
      checkRank(w, cfg, p);
      if (first == null) {
        first = p;
      } else if (p.rank() != first.rank() || cfg.alpha(p.module()) != cfg.alpha(first.module())) {
        throw new FileFormatException(
            cfg.file()
                + ": module "
                + Capped.value(p.module())
                + " has rank "
                + p.rank()
                + " / "
                + cfg.alphaSource(p.module())
                + " but "
                + Capped.value(first.module())
                + " has rank "
                + first.rank()
                + " / "
                + cfg.alphaSource(first.module())
                + "; adapters with per-module ranks or alphas are not supported");
      }
      LoraSite s = new LoraSite(p.module(), null, p.in(), p.out(), 0);
      sites.add(s);
      values.put(s.nameA(), p.a());
      values.put(s.nameB(), p.b());
    }
    List<LoraTarget> targets = pairs.keySet().stream().map(LoraTarget::suffix).toList();
    LoraConfig config =
        new LoraConfig(
            first.rank(),
            cfg.alpha(first.module()),
            0,
            cfg.useRslora(),
            LoraInit.KAIMING_UNIFORM,
            targets);
    Lora lora = Lora.empty(name, config, sites);
    lora.load(values);
    return lora;
  }

  private static Lora readSliced(
      SafetensorsFile w,
      String name,
      PeftAdapterConfig cfg,
      Map<String, Pair> pairs,
      Map<String, List<QkvPart>> layout) {
    String meta = w.path() + ": metadata " + PeftLoraFormat.SITES_METADATA;
    List<String> unlisted = pairs.keySet().stream().filter(m -> !layout.containsKey(m)).toList();
    if (!unlisted.isEmpty()) {
      throw new FileFormatException(
          meta
              + " lists "
              + layout.size()
              + " module(s) but the file holds LoRA tensors of "
              + pairs.size()
              + "; not listed: "
              + Capped.list(unlisted)
              + ". Delete the metadata to read the adapter as"
              + " PEFT sees it (whole layers)");
    }
    List<String> absent = layout.keySet().stream().filter(m -> !pairs.containsKey(m)).toList();
    if (!absent.isEmpty()) {
      throw new FileFormatException(
          meta
              + " lists "
              + absent.size()
              + " module(s) the file has no tensors for: "
              + Capped.list(absent));
    }
    int r = -1;
    double alpha = Double.NaN;
    String first = null;
    List<LoraSite> sites = new ArrayList<>();
    Map<String, HostTensor> values = new LinkedHashMap<>();
    List<LoraTarget> targets = new ArrayList<>();
    for (Map.Entry<String, List<QkvPart>> e : layout.entrySet()) {
      Pair p = pairs.get(e.getKey());
      List<QkvPart> parts = e.getValue();
      int k = Math.max(1, parts.size());
      checkRank(w, cfg, p);
      if (p.rank() % k != 0) {
        throw new FileFormatException(
            meta
                + " gives module "
                + Capped.value(p.module())
                + " the "
                + k
                + " slices "
                + parts
                + " but its "
                + p.shapes()
                + " have rank "
                + p.rank()
                + ", not a multiple of "
                + k);
      }
      int siteRank = p.rank() / k;
      double siteAlpha =
          cfg.useRslora() ? cfg.alpha(p.module()) / Math.sqrt(k) : cfg.alpha(p.module()) / k;
      if (first == null) {
        first = p.module();
        r = siteRank;
        alpha = siteAlpha;
      } else if (siteRank != r || Math.abs(siteAlpha - alpha) > ALPHA_TOLERANCE * alpha) {
        throw new FileFormatException(
            meta
                + ": module "
                + Capped.value(p.module())
                + " has rank "
                + siteRank
                + " and alpha "
                + siteAlpha
                + " per site but "
                + Capped.value(first)
                + " has "
                + r
                + " and "
                + alpha
                + "; adapters with per-module ranks or alphas are not supported");
      }
      if (parts.isEmpty()) {
        LoraSite s = new LoraSite(p.module(), null, p.in(), p.out(), 0);
        sites.add(s);
        values.put(s.nameA(), p.a());
        values.put(s.nameB(), p.b());
        targets.add(LoraTarget.suffix(p.module()));
        continue;
      }
      if (p.out() % 3 != 0) {
        throw new FileFormatException(
            meta
                + " gives module "
                + Capped.value(p.module())
                + " the q/k/v slices "
                + parts
                + " but its "
                + p.shapes()
                + " have "
                + p.out()
                + " output rows, not a multiple of 3");
      }
      long d = p.out() / 3;
      float[] a = p.a().toFloatArray();
      float[] b = p.b().toFloatArray();
      checkBlockDiagonal(meta, p, parts, b, d, siteRank);
      targets.add(new LoraTarget(p.module(), false, EnumSet.copyOf(parts)));
      for (int i = 0; i < parts.size(); i++) {
        QkvPart part = parts.get(i);
        LoraSite s = new LoraSite(p.module(), part, p.in(), d, part.start(d));
        sites.add(s);
        float[] ap =
            Arrays.copyOfRange(
                a, (int) (i * siteRank * p.in()), (int) ((i + 1) * siteRank * p.in()));
        float[] bp = new float[(int) (d * siteRank)];
        for (int row = 0; row < d; row++) {
          System.arraycopy(
              b,
              (int) ((s.rowOffset() + row) * p.rank() + i * siteRank),
              bp,
              row * siteRank,
              siteRank);
        }
        values.put(s.nameA(), HostTensor.ofFloats(ap, siteRank, p.in()));
        values.put(s.nameB(), HostTensor.ofFloats(bp, d, siteRank));
      }
    }
    Lora lora =
        Lora.empty(
            name,
            new LoraConfig(r, alpha, 0, cfg.useRslora(), LoraInit.KAIMING_UNIFORM, targets),
            sites);
    lora.load(values);
    return lora;
  }

  /**
   * Slices embed as a block-diagonal B: columns {@code [i·r, (i+1)·r)} hold slice i's B in that
   * part's rows and zeros elsewhere. A nonzero outside the blocks means the metadata does not
   * describe these tensors, and restoring slices would drop part of the update.
   */
  private static void checkBlockDiagonal(
      String meta, Pair p, List<QkvPart> parts, float[] b, long d, int siteRank) {
    for (int row = 0; row < p.out(); row++) {
      for (int col = 0; col < p.rank(); col++) {
        QkvPart part = parts.get(col / siteRank);
        boolean inBlock = row >= part.start(d) && row < part.start(d) + d;
        if (!inBlock && b[row * p.rank() + col] != 0) {
          throw new FileFormatException(
              meta
                  + " gives module "
                  + Capped.value(p.module())
                  + " the slices "
                  + parts
                  + " (rank "
                  + siteRank
                  + " each) but lora_B "
                  + Arrays.toString(p.b().shape())
                  + " holds "
                  + b[row * p.rank() + col]
                  + " at ["
                  + row
                  + ", "
                  + col
                  + "], outside the rows of slice "
                  + part
                  + "; the metadata does not describe"
                  + " these tensors. Delete it to read the adapter as PEFT sees it (whole layers)");
        }
      }
    }
  }
}

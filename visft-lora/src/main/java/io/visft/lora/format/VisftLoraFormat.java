package io.visft.lora.format;

import io.visft.api.DType;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.core.io.Capped;
import io.visft.core.io.TensorSource;
import io.visft.core.vit.BlockIndex;
import io.visft.lora.Lora;
import io.visft.lora.LoraConfig;
import io.visft.lora.LoraInit;
import io.visft.lora.LoraSite;
import io.visft.lora.LoraTarget;
import io.visft.lora.QkvPart;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The released ViSFT LoRA layout (loralib {@code MergedLinear} with q and v enabled on the fused
 * qkv): per block {@code visual.blocks.{i}.attn.qkv.lora_A [2r, D]} (rows 0..r for q, r..2r for v)
 * and {@code …lora_B [2D, r]} (rows 0..D for q, D..2D for v). ΔW_q = B[0:D]·A[0:r] and ΔW_v =
 * B[D:2D]·A[r:2r], each times alpha/r, go to rows [0, D) and [2D, 3D) of the qkv weight.
 */
public final class VisftLoraFormat {
  private static final Pattern KEY =
      Pattern.compile("(?:.*?\\.)?blocks\\.(\\d+)\\.attn\\.qkv\\.lora_([AB])");

  private VisftLoraFormat() {}

  /**
   * Reads a ViSFT adapter. The rank is read from the shapes; alpha is 1 unless given (the paper's
   * setting, so scaling = 1/r).
   *
   * @throws FileFormatException naming the file and key when the layout is not ViSFT's
   */
  public static Lora read(TensorSource source, String name, double alpha) {
    Map<Integer, HostTensor[]> blocks = new TreeMap<>();
    String prefix = null;
    for (String key : source.names()) {
      Matcher m = KEY.matcher(key);
      if (!m.matches()) {
        throw new FileFormatException(
            source.path()
                + ": key '"
                + Capped.value(key)
                + "' is not a ViSFT LoRA tensor; expected "
                + "visual.blocks.{i}.attn.qkv.lora_A / lora_B");
      }
      String p = key.substring(0, key.indexOf("blocks."));
      if (prefix != null && !prefix.equals(p)) {
        throw new FileFormatException(
            source.path()
                + ": keys mix the prefixes '"
                + Capped.value(prefix)
                + "' and '"
                + Capped.value(p)
                + "'");
      }
      prefix = p;
      int block = BlockIndex.parse(m.group(1), key, source.path());
      DType dtype = source.dtype(key);
      if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
        throw new FileFormatException(
            source.path()
                + ": tensor '"
                + key
                + "' has dtype "
                + dtype
                + "; LoRA weights must be F32, F16 or BF16");
      }
      HostTensor[] pair = blocks.computeIfAbsent(block, b -> new HostTensor[2]);
      int slot = m.group(2).equals("A") ? 0 : 1;
      if (pair[slot] != null) {
        throw new FileFormatException(
            source.path()
                + ": key '"
                + key
                + "' is a second lora_"
                + m.group(2)
                + " of block "
                + block
                + " (block numbers with leading zeros name the same block)");
      }
      pair[slot] = source.tensorF32(key);
    }
    if (blocks.isEmpty()) {
      throw new FileFormatException(
          source.path() + " holds no ViSFT LoRA tensors (visual.blocks.{i}.attn.qkv.lora_A/B)");
    }
    int r = -1;
    long d = -1;
    List<LoraSite> sites = new ArrayList<>();
    Map<String, HostTensor> values = new LinkedHashMap<>();
    for (Map.Entry<Integer, HostTensor[]> e : blocks.entrySet()) {
      String module = "blocks." + e.getKey() + ".attn.qkv";
      HostTensor a = e.getValue()[0];
      HostTensor b = e.getValue()[1];
      if (a == null || b == null) {
        throw new FileFormatException(
            source.path()
                + ": block "
                + e.getKey()
                + " has lora_"
                + (a == null ? "B without lora_A" : "A without lora_B"));
      }
      long[] as = a.shape();
      long[] bs = b.shape();
      if (as.length != 2
          || bs.length != 2
          || as[0] < 2
          || as[1] < 1
          || as[0] % 2 != 0
          || bs[0] % 2 != 0
          || bs[1] * 2 != as[0]) {
        throw new FileFormatException(
            source.path()
                + ": block "
                + e.getKey()
                + " has lora_A "
                + java.util.Arrays.toString(as)
                + " and lora_B "
                + java.util.Arrays.toString(bs)
                + "; expected [2r, D] and [2D, r]");
      }
      if (r < 0) {
        r = (int) bs[1];
        d = as[1];
      } else if (r != bs[1] || d != as[1]) {
        throw new FileFormatException(
            source.path()
                + ": block "
                + e.getKey()
                + " has rank "
                + bs[1]
                + " and width "
                + as[1]
                + ", block 0 has "
                + r
                + " and "
                + d);
      }
      if (bs[0] != 2 * d) {
        throw new FileFormatException(
            source.path()
                + ": block "
                + e.getKey()
                + " lora_B has "
                + bs[0]
                + " rows, expected 2D = "
                + 2 * d);
      }
      for (QkvPart part : new QkvPart[] {QkvPart.Q, QkvPart.V}) {
        LoraSite site = new LoraSite(module, part, d, d, part.start(d));
        sites.add(site);
        int half = part == QkvPart.Q ? 0 : 1;
        values.put(site.nameA(), rows(a, half * r, r));
        values.put(site.nameB(), rows(b, half * d, d));
      }
    }
    LoraConfig config =
        new LoraConfig(
            r,
            alpha,
            0,
            false,
            LoraInit.KAIMING_UNIFORM,
            List.of(LoraTarget.qkv("attn.qkv", QkvPart.Q, QkvPart.V)));
    Lora lora = Lora.empty(name, config, sites);
    lora.load(values);
    return lora;
  }

  /**
   * Tensors of a q/v-sliced adapter in ViSFT's layout, under {@code prefix} (e.g. {@code visual.}),
   * from per-site tensors named like {@link LoraSite#nameA()} (adapter values or their gradients).
   */
  public static Map<String, HostTensor> write(
      Lora lora, Map<String, HostTensor> perSite, String prefix) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    Map<String, LoraSite[]> byModule = new LinkedHashMap<>();
    for (LoraSite s : lora.sites().values()) {
      if (s.part() != QkvPart.Q && s.part() != QkvPart.V) {
        throw new IllegalArgumentException(
            "site "
                + s.key()
                + " is not a q or v slice; the ViSFT layout holds only q and v of attn.qkv");
      }
      byModule.computeIfAbsent(s.module(), m -> new LoraSite[2])[s.part() == QkvPart.Q ? 0 : 1] = s;
    }
    for (Map.Entry<String, LoraSite[]> e : byModule.entrySet()) {
      LoraSite q = e.getValue()[0];
      LoraSite v = e.getValue()[1];
      if (q == null || v == null) {
        throw new IllegalArgumentException(
            "module " + e.getKey() + " must have both q and v sites for the ViSFT layout");
      }
      out.put(
          prefix + e.getKey() + ".lora_A", stack(perSite.get(q.nameA()), perSite.get(v.nameA())));
      out.put(
          prefix + e.getKey() + ".lora_B", stack(perSite.get(q.nameB()), perSite.get(v.nameB())));
    }
    return out;
  }

  private static HostTensor rows(HostTensor t, long first, long count) {
    long cols = t.shape()[1];
    ByteBuffer src = t.data().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    src.position((int) (first * cols * 4)).limit((int) ((first + count) * cols * 4));
    ByteBuffer copy =
        ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN).put(src).flip();
    return new HostTensor(DType.F32, new long[] {count, cols}, copy);
  }

  private static HostTensor stack(HostTensor top, HostTensor bottom) {
    long cols = top.shape()[1];
    ByteBuffer b =
        ByteBuffer.allocate(top.data().remaining() + bottom.data().remaining())
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put(top.data().duplicate()).put(bottom.data().duplicate()).flip();
    return new HostTensor(DType.F32, new long[] {top.shape()[0] + bottom.shape()[0], cols}, b);
  }
}

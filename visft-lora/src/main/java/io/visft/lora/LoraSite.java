package io.visft.lora;

/**
 * One place that holds a LoRA pair: a linear module, or one q/k/v slice of a fused qkv module.
 *
 * @param module timm module name, e.g. {@code blocks.3.attn.qkv}
 * @param part the qkv slice, or {@code null} for the whole layer
 * @param in input width of the layer
 * @param out output width covered by this site (D for a qkv slice)
 * @param rowOffset first output row of the layer that this site covers
 */
public record LoraSite(String module, QkvPart part, long in, long out, long rowOffset) {

  /** Parameter-name stem: {@code blocks.3.attn.qkv.q} or {@code blocks.3.attn.proj}. */
  public String key() {
    return part == null ? module : module + "." + part.name().toLowerCase(java.util.Locale.ROOT);
  }

  public String nameA() {
    return key() + ".lora_A";
  }

  public String nameB() {
    return key() + ".lora_B";
  }
}

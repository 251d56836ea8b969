package io.visft.lora;

import io.visft.api.ShapeException;
import java.util.Arrays;

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

  /**
   * Checks that this site fits the weight it adapts, {@code [rows, in]} with rows covering {@link
   * #rowOffset()} to {@code rowOffset + out}: one check for merging and for applying an adapter.
   *
   * @param adapter the adapter's name, for the message
   * @param weight the weight's name, e.g. {@code blocks.3.attn.qkv.weight}
   * @throws ShapeException naming the weight, its shape, the site and its extent
   */
  public void requireFits(String adapter, String weight, long[] shape) {
    if (shape.length != 2 || shape[1] != in || rowOffset + out > shape[0]) {
      throw new ShapeException(
          "adapter '"
              + adapter
              + "': '"
              + weight
              + "' has shape "
              + Arrays.toString(shape)
              + ", which adapter site "
              + key()
              + " (in "
              + in
              + ", rows "
              + rowOffset
              + ".."
              + (rowOffset + out)
              + ") does not fit; check that the adapter was trained on this architecture (--arch)");
    }
  }
}

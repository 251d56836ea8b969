package io.visft.core.vit;

import io.visft.api.FileFormatException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkpoint's names split into the EVA backbone's (with the prefix removed) and the ones
 * deliberately ignored.
 *
 * <p>The prefix is what precedes {@code patch_embed.proj.weight} or {@code
 * blocks.<i>.attn.qkv.weight}: {@code ""} (timm, LAVIS), {@code "visual."} (EVA-CLIP), possibly
 * behind a wrapper such as {@code "module."} (DistributedDataParallel) or {@code "state_dict."}.
 * Names outside the prefix belong to other towers and are ignored, as are the roots {@code text},
 * {@code logit_scale}, {@code logit_bias} and the backbone extras {@code cls_token} and {@code
 * head.*}, which only the EVA-CLIP vision tower ({@link EvaClipTower}) uses.
 *
 * @param source the checkpoint, for messages
 * @param prefix the detected prefix
 * @param backbone backbone names without the prefix, with their shapes, in checkpoint order
 * @param extras the backbone extras ({@code cls_token}, {@code head.*}) without the prefix, with
 *     their shapes, in checkpoint order; they are listed in {@code ignored} too
 * @param ignored full names of the ignored tensors, in checkpoint order
 */
record BackboneKeys(
    String source,
    String prefix,
    Map<String, long[]> backbone,
    Map<String, long[]> extras,
    List<String> ignored) {

  private static final Set<String> OTHER_TOWER_ROOTS = Set.of("text", "logit_scale", "logit_bias");
  private static final Set<String> EXTRA_ROOTS = Set.of(EvaClipTower.CLS_TOKEN, "head");
  private static final Pattern ANCHOR =
      Pattern.compile(
          "(|.*\\.)(?:patch_embed\\.proj\\.weight|blocks\\.\\d+\\.attn\\.qkv\\.weight)");
  private static final Pattern BLOCK_INDEX = Pattern.compile("blocks\\.(\\d+)\\..*");
  private static final int NAMES_SHOWN = 8;

  BackboneKeys {
    backbone = Collections.unmodifiableMap(new LinkedHashMap<>(backbone));
    extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    ignored = List.copyOf(ignored);
  }

  /**
   * Splits {@code shapes} (checkpoint name to shape).
   *
   * @throws FileFormatException if no backbone, or more than one, is found
   */
  static BackboneKeys split(String source, Map<String, long[]> shapes) {
    String prefix = detectPrefix(source, shapes);
    Map<String, long[]> backbone = new LinkedHashMap<>();
    Map<String, long[]> extras = new LinkedHashMap<>();
    List<String> ignored = new ArrayList<>();
    shapes.forEach(
        (name, shape) -> {
          String rest = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
          if (rest != null && EXTRA_ROOTS.contains(root(rest))) {
            extras.put(rest, shape);
          }
          if (rest == null
              || OTHER_TOWER_ROOTS.contains(root(rest))
              || EXTRA_ROOTS.contains(root(rest))) {
            ignored.add(name);
          } else {
            backbone.put(rest, shape);
          }
        });
    return new BackboneKeys(source, prefix, backbone, extras, ignored);
  }

  /**
   * One more than the highest {@code blocks.<i>} index among the backbone names; 0 without blocks.
   */
  int blockCount() {
    int count = 0;
    for (String name : backbone.keySet()) {
      Matcher m = BLOCK_INDEX.matcher(name);
      if (m.matches()) {
        count = Math.max(count, BlockIndex.parse(m.group(1), prefix + name, source) + 1);
      }
    }
    return count;
  }

  /** Whether the final LayerNorm ({@code norm.weight} or {@code norm.bias}) is present. */
  boolean hasFinalNorm() {
    return EvaParam.inScope(EvaParam.Scope.FINAL_NORM).stream()
        .anyMatch(p -> backbone.containsKey(p.key()));
  }

  /**
   * Whether the checkpoint carries a cls token next to the backbone (ignored, but telling of its
   * origin).
   */
  boolean hasClsToken() {
    return extras.containsKey(EvaClipTower.CLS_TOKEN);
  }

  private static String detectPrefix(String source, Map<String, long[]> shapes) {
    Set<String> prefixes = new TreeSet<>();
    for (String name : shapes.keySet()) {
      Matcher m = ANCHOR.matcher(name);
      if (m.matches()) {
        prefixes.add(m.group(1));
      }
    }
    if (prefixes.size() == 1) {
      return prefixes.iterator().next();
    }
    if (prefixes.isEmpty()) {
      throw new FileFormatException(
          "Checkpoint "
              + source
              + " holds no EVA backbone: no tensor name ends in "
              + "patch_embed.proj.weight or blocks.<i>.attn.qkv.weight (timm Eva names, optionally "
              + "under a prefix such as visual. or module.). It holds "
              + shapes.size()
              + " tensors, starting with "
              + firstNames(shapes)
              + ". Use a timm, EVA-CLIP or LAVIS "
              + "EVA checkpoint, or rename its tensors to the timm Eva names.");
    }
    throw new FileFormatException(
        "Checkpoint "
            + source
            + " holds several EVA backbones, under the prefixes "
            + quoted(prefixes)
            + "; save the one to load into a file of its own.");
  }

  private static String root(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private static String firstNames(Map<String, long[]> shapes) {
    List<String> names = shapes.keySet().stream().limit(NAMES_SHOWN).toList();
    return names + (shapes.size() > NAMES_SHOWN ? " ..." : "");
  }

  private static String quoted(Set<String> prefixes) {
    return prefixes.stream().map(p -> "\"" + p + "\"").toList().toString();
  }
}

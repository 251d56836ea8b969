package io.visft.core.vit;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an EVA backbone's parameters sit in a weights file, as established by {@link KeyCheck}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param prefix what precedes every backbone name in the checkpoint ({@code ""}, {@code "visual."},
 *     {@code "module.visual."}, ...)
 * @param config the config the checkpoint matches: the one checked, or with the checkpoint's depth
 *     and final norm under {@link EvaLoadOptions#allowDepthFromCheckpoint()}
 * @param checkpointKeys each expected name ({@link EvaWeightNames#expectedShapes}, then under
 *     {@link EvaLoadOptions#visualTower()} {@code cls_token}, {@code head.weight} and {@code
 *     head.bias} when present) mapped to its name in the checkpoint, in module order
 * @param ignored checkpoint names deliberately not loaded: other towers ({@code text.*}, {@code
 *     logit_scale}) and, unless the vision tower is loaded, its extras ({@code cls_token}, {@code
 *     head.*})
 * @param unexpected backbone names the config does not expect; non-empty only when not strict
 */
public record EvaWeightsLayout(
    String prefix,
    EvaConfig config,
    Map<String, String> checkpointKeys,
    List<String> ignored,
    List<String> unexpected) {

  /** Copies the collections into unmodifiable ones. */
  public EvaWeightsLayout {
    checkpointKeys = Collections.unmodifiableMap(new LinkedHashMap<>(checkpointKeys));
    ignored = List.copyOf(ignored);
    unexpected = List.copyOf(unexpected);
  }

  /**
   * The checkpoint name of an expected parameter.
   *
   * @param name a name from {@link EvaWeightNames#expectedShapes}, e.g. {@code
   *     "blocks.0.attn.qkv.weight"}
   * @throws IllegalArgumentException if the config does not have that parameter
   */
  public String checkpointKey(String name) {
    String key = checkpointKeys.get(name);
    Preconditions.checkArgument(
        key != null,
        "\"%s\" is not a parameter of %s (depth %s, final norm %s); expected a name such as %s",
        name,
        config,
        config.depth(),
        config.finalNorm(),
        EvaParam.QKV_WEIGHT.key(0));
    return key;
  }
}

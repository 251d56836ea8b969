package io.visft.core.vit;

import io.visft.api.FileFormatException;
import io.visft.core.io.Capped;
import io.visft.core.io.TensorSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matches the tensors of a checkpoint against the parameters an {@link EvaConfig} expects, before
 * any data is read.
 *
 * <p>The backbone prefix is detected ({@code ""} for timm and LAVIS, {@code "visual."} for
 * EVA-CLIP, possibly behind {@code module.} or {@code state_dict.}); other towers are ignored, and
 * so are the vision tower's extras ({@code cls_token}, {@code head.*}) unless {@link
 * EvaLoadOptions#visualTower()} asks for them (see {@link EvaWeightsLayout#ignored()}). Every
 * missing name, unexpected name and shape mismatch is reported in one {@link FileFormatException},
 * with hints on how to load the checkpoint (for LAVIS {@code eva_vit_g.pth}: {@link
 * EvaLoadOptions#allowDepthFromCheckpoint()}). Stateless and thread-safe.
 */
public final class KeyCheck {

  private static final Logger LOG = LoggerFactory.getLogger(KeyCheck.class);

  private KeyCheck() {}

  /**
   * Checks the tensors of {@code source}; see {@link #check(String, Map, EvaConfig,
   * EvaLoadOptions)}.
   */
  public static EvaWeightsLayout check(
      TensorSource source, EvaConfig config, EvaLoadOptions options) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (String name : source.names()) {
      shapes.put(name, source.shape(name));
    }
    return check(source.path().toString(), shapes, config, options);
  }

  /**
   * Checks a checkpoint's names and shapes against {@code config}.
   *
   * @param source the checkpoint, for messages (usually its path)
   * @param shapes every tensor of the checkpoint: name to shape
   * @return where each expected parameter sits in the checkpoint
   * @throws FileFormatException listing every missing name, every shape mismatch and (when strict)
   *     every unexpected name, or if the checkpoint holds no EVA backbone
   */
  public static EvaWeightsLayout check(
      String source, Map<String, long[]> shapes, EvaConfig config, EvaLoadOptions options) {
    BackboneKeys keys = BackboneKeys.split(source, shapes);
    EvaConfig effective = options.allowDepthFromCheckpoint() ? adoptDepth(keys, config) : config;
    Map<String, long[]> found = new LinkedHashMap<>(keys.backbone());
    Map<String, long[]> expected = new LinkedHashMap<>(EvaWeightNames.expectedShapes(effective));
    if (options.visualTower()) {
      found.putAll(keys.extras());
      expected.putAll(EvaWeightNames.towerExtraShapes(effective, keys.extras()));
    }
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    expected.forEach(
        (name, shape) -> {
          long[] shapeFound = found.get(name);
          if (shapeFound == null) {
            missing.add(name);
          } else if (!Arrays.equals(shapeFound, shape)) {
            mismatched.add(name);
          }
        });
    List<String> unexpected =
        found.keySet().stream().filter(name -> !expected.containsKey(name)).toList();
    if (!missing.isEmpty()
        || !mismatched.isEmpty()
        || (options.strict() && !unexpected.isEmpty())) {
      throw new FileFormatException(
          KeyCheckReport.message(
              keys, effective, expected, found, missing, unexpected, mismatched, options));
    }
    if (!unexpected.isEmpty()) {
      LOG.warn(
          "Checkpoint {}: {} backbone tensors not used by {} (not strict): {}",
          source,
          unexpected.size(),
          effective,
          Capped.list(unexpected));
    }
    Map<String, String> checkpointKeys = new LinkedHashMap<>();
    expected.keySet().forEach(name -> checkpointKeys.put(name, keys.prefix() + name));
    List<String> ignored =
        keys.ignored().stream()
            .filter(
                name ->
                    !name.startsWith(keys.prefix())
                        || !found.containsKey(name.substring(keys.prefix().length())))
            .toList();
    LOG.debug("Checkpoint {}: prefix \"{}\", ignoring {}", source, keys.prefix(), ignored);
    return new EvaWeightsLayout(
        keys.prefix(),
        effective,
        checkpointKeys,
        ignored,
        unexpected.stream().map(name -> keys.prefix() + name).toList());
  }

  private static EvaConfig adoptDepth(BackboneKeys keys, EvaConfig config) {
    int blocks = keys.blockCount();
    if (blocks == 0) {
      return config;
    }
    EvaConfig adopted = config.withDepth(blocks).withFinalNorm(keys.hasFinalNorm());
    if (!adopted.equals(config)) {
      LOG.info(
          "Checkpoint {}: taking depth {} and final norm {} from the checkpoint (config said {} and {})",
          keys.source(),
          adopted.depth(),
          adopted.finalNorm(),
          config.depth(),
          config.finalNorm());
    }
    return adopted;
  }
}

package io.visft.core.vit;

import io.visft.api.HostTensor;
import io.visft.core.graph.FrozenWeights;
import io.visft.core.io.TensorFiles;
import io.visft.core.io.TensorSource;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An EVA backbone weights file (safetensors or torch.save) opened for use: keys checked strictly
 * against the config (every missing, unexpected and mis-shaped key reported at once), the prefix
 * ({@code visual.}, ...) stripped, and the weights exposed under timm names as stored (F32, F16 or
 * BF16, sharing the file mapping where the format allows; see {@link FrozenWeights}). With {@link
 * EvaLoadOptions#visualTower()} the EVA-CLIP vision tower's extras are loaded too, for {@link
 * EvaClipTower}. Close it when the backbone is no longer used.
 */
public final class EvaWeightsFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvaWeightsFile.class);

  private final TensorSource source;
  private final EvaWeightsLayout layout;
  private final Map<String, HostTensor> weights;

  private EvaWeightsFile(
      TensorSource source, EvaWeightsLayout layout, Map<String, HostTensor> weights) {
    this.source = source;
    this.layout = layout;
    this.weights = weights;
  }

  /**
   * @param arch a preset name or a JSON config path
   * @param depthFromCheckpoint accept a shallower checkpoint without final norm (the LAVIS layout)
   */
  public static EvaWeightsFile open(Path file, String arch, boolean depthFromCheckpoint) {
    return open(
        file,
        EvaConfig.resolve(arch),
        EvaLoadOptions.defaults().withDepthFromCheckpoint(depthFromCheckpoint));
  }

  public static EvaWeightsFile open(Path file, EvaConfig config, EvaLoadOptions options) {
    TensorSource source = TensorFiles.open(file);
    try {
      EvaWeightsLayout layout = KeyCheck.check(source, config, options);
      if (!layout.ignored().isEmpty()) {
        LOG.info(
            "{}: ignored {} keys outside the vision backbone (e.g. {})",
            file,
            layout.ignored().size(),
            layout.ignored().iterator().next());
      }
      Map<String, HostTensor> weights = new LinkedHashMap<>();
      for (String name : layout.checkpointKeys().keySet()) {
        String key = layout.checkpointKey(name);
        boolean held = FrozenWeights.Storage.of(source.dtype(key)).isPresent();
        weights.put(name, held ? source.tensor(key) : source.tensorF32(key));
      }
      return new EvaWeightsFile(source, layout, Collections.unmodifiableMap(weights));
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** The config the checkpoint matched (with the checkpoint's depth when that was allowed). */
  public EvaConfig config() {
    return layout.config();
  }

  /**
   * Backbone weights under timm names ({@code patch_embed.proj.weight}, {@code
   * blocks.0.norm1.weight}, ...), plus {@code cls_token} and {@code head.*} when opened with {@link
   * EvaLoadOptions#visualTower()}.
   */
  public Map<String, HostTensor> weights() {
    return weights;
  }

  public EvaWeightsLayout layout() {
    return layout;
  }

  @Override
  public void close() {
    source.close();
  }
}

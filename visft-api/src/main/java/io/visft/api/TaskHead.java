package io.visft.api;

import java.nio.file.Path;
import java.util.Map;

/**
 * A ViSFT task head (detection, instance segmentation, captioning) trained on backbone features in
 * stage 1 and frozen in stage 2, when gradients flow through it into the LoRA adapter.
 *
 * <p>Parameter names follow the released ViSFT head checkpoints ({@code visft_heads.} prefix).
 * Implementations are mutable (training updates their tensors) and not thread-safe.
 */
public interface TaskHead {

  /**
   * The task's name: for the ViSFT heads, {@link Task#configName()} of {@link Task#CAPTION}, {@link
   * Task#DETECTION} or {@link Task#SEGMENTATION}.
   */
  String task();

  /** The head's parameters by checkpoint name; copies. */
  Map<String, HostTensor> parameters();

  /** Replaces parameter values (names and shapes must match). */
  void load(Map<String, HostTensor> values);

  /** Writes the parameters (and any vocabulary or config the head needs) next to {@code file}. */
  void save(Path file);
}

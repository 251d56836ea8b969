package io.visft.api;

import java.util.List;
import java.util.Map;

/**
 * The ViSFT method: stage 1 trains each task head on the frozen backbone (one run per head); stage
 * 2 freezes the heads (their dropout stays active) and trains a LoRA adapter in the backbone,
 * drawing one task per step by ratio. The adapted backbone is then used elsewhere.
 *
 * <p>Build one with {@code io.visft.heads.pipeline.ViSFT.builder()} (module {@code visft-heads}).
 *
 * <p>A pipeline owns the training sessions it opens; close it when done (after {@link #close()} the
 * stages cannot run again). The heads and the adapter stay usable after closing.
 */
public interface ViSFTPipeline extends AutoCloseable {

  /** Stage 1; returns each head's losses by task name. */
  Map<String, double[]> trainHeads();

  /** Stage 2; returns the losses of every step. */
  double[] trainAdapter();

  /** The heads, trained after {@link #trainHeads()}. */
  List<TaskHead> heads();

  /** The adapter, trained after {@link #trainAdapter()}. */
  LoraAdapter adapter();

  /** Releases what the pipeline opened; does not throw checked exceptions. */
  @Override
  void close();
}

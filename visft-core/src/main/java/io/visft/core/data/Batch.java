package io.visft.core.data;

import io.visft.api.HostTensor;
import io.visft.core.data.transform.InstanceTarget;
import io.visft.core.data.transform.PatchGrid;
import java.nio.file.Path;
import java.util.List;

/**
 * A batch of padded, normalised images with their targets.
 *
 * <p>Images are placed in the top-left corner of a common {@code [H, W]} canvas (the largest sample
 * size rounded up to the pad multiple); padded values are 0 after normalisation. Boxes are in
 * pixels of that canvas (the top-left placement leaves them unchanged); instance masks are padded
 * to {@code [H, W]} with zeros. The tensors are fresh heap buffers owned by the batch.
 *
 * @param images F32 {@code [batch, 3, H, W]}, normalised
 * @param paddingMask BOOL {@code [batch, H, W]}, true where a pixel is padding
 * @param ids image ids, in batch order
 * @param files image files, in batch order
 * @param instances objects of each image, in batch order
 * @param start the position of the first sample read for this batch
 * @param next the position after the last sample read, where the following batch starts
 */
public record Batch(
    HostTensor images,
    HostTensor paddingMask,
    List<Long> ids,
    List<Path> files,
    List<List<InstanceTarget>> instances,
    BatchPosition start,
    BatchPosition next) {

  public Batch {
    ids = List.copyOf(ids);
    files = List.copyOf(files);
    instances = instances.stream().map(List::copyOf).toList();
  }

  /** Number of images. */
  public int size() {
    return ids.size();
  }

  /** The padding mask on the patch grid, BOOL {@code [batch, H / patch, W / patch]}; see {@link PatchGrid}. */
  public HostTensor patchPaddingMask(int patch) {
    return PatchGrid.downsample(paddingMask, patch);
  }
}

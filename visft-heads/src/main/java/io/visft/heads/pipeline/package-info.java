/**
 * The wiring of the three heads into one ViSFT run: {@link io.visft.heads.pipeline.ViSFT#builder()}
 * (the entry point, returning an {@code AutoCloseable} {@link io.visft.api.ViSFTPipeline}), {@link
 * io.visft.heads.pipeline.ViSFTHeads} (the heads' stage-1/stage-2 tasks on the training splits) and
 * {@link io.visft.heads.pipeline.HeadSizes} (the paper's and the small head sizes). It sits above
 * the head packages, which build on the types of {@code io.visft.heads}, so no package cycle runs
 * through the module's root.
 */
package io.visft.heads.pipeline;

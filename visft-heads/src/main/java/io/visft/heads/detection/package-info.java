/**
 * The ViSFT detection head: DETR with a learned task token on the backbone map (DESIGN.md §1).
 *
 * <h2>Parts</h2>
 *
 * <ul>
 *   <li>{@link io.visft.heads.detection.DetectionHeadConfig} (paper defaults in {@code visft}) and
 *       {@link io.visft.heads.detection.DetectionLossConfig}; {@link
 *       io.visft.heads.detection.DetectionParameters} lists every parameter under its name in the
 *       released ViSFT checkpoints ({@code visft_heads.input_proj.*}, {@code
 *       visft_heads.transformer.*}, {@code
 *       visft_heads.query_embeds.detection.detection_coco.weight}, {@code
 *       visft_heads.class_embeds.*}, {@code visft_heads.bbox_embeds.*}); {@link
 *       io.visft.heads.detection.DetectionHead} holds the values and reads and writes them as
 *       safetensors.
 *   <li>{@link io.visft.heads.detection.DetectionPredictions#build} adds the forward pass to a
 *       graph after the backbone: 1×1 convolution, {@link io.visft.core.nn.SinePositionEncoding} of
 *       the padding mask, post-norm encoder with the task token prepended and stripped, {@code
 *       memory = input + encoder(input)}, projections to the decoder width, post-norm decoder with
 *       a shared final LayerNorm on every layer's output, class head and box MLP. Head parameters
 *       enter as trainable graph inputs (stage 1) or frozen weights (stage 2); dropout is drawn
 *       from a seed input.
 *   <li>{@link io.visft.heads.detection.DetectionTrainingGraph#build} adds DETR's set loss over
 *       every decoder layer for a matching given as inputs.
 *   <li>{@link io.visft.heads.detection.ImageTargets} checks and normalises the ground truth;
 *       {@link io.visft.heads.detection.DetectionMatcher} matches it in Java; {@link
 *       io.visft.heads.detection.DetectionDecoder} turns predictions into scored pixel boxes.
 * </ul>
 *
 * <h2>Why a training step is three parts</h2>
 *
 * The matching needs the predictions, and a training step is one ONNX Runtime run of a static
 * graph, so {@link io.visft.heads.detection.DetectionTrainingStep} runs (1) the forward graph for
 * the class probabilities and boxes of every decoder layer, (2) the Hungarian matching per layer
 * and image in Java, and (3) the training graph, whose inputs carry the matching ({@link
 * io.visft.heads.detection.DetectionTargetInputs}: per-layer query classes and matched query
 * indices, target boxes padded to a fixed count with a validity mask), for the loss and the
 * gradients. Both graphs are built alike and fed the same dropout seed, so the dropout masks and
 * therefore the predictions of (1) and (3) are identical: the matching is the one DETR makes on its
 * single pass. The price is one extra forward pass per step.
 */
package io.visft.heads.detection;

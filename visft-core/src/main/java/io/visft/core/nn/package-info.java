/**
 * The layer library: every layer the backbone and the task heads are built from, as graph
 * composites of table ops, each written once and documented with its tensor shapes.
 *
 * <ul>
 *   <li>{@link io.visft.core.nn.Linear}, {@link io.visft.core.nn.LayerNorm}, {@link
 *       io.visft.core.nn.Normalization} (GroupNorm), {@link io.visft.core.nn.FeedForward};
 *   <li>{@link io.visft.core.nn.MultiHeadAttention}, with one masking convention;
 *   <li>{@link io.visft.core.nn.Activations} (softplus), {@link io.visft.core.nn.Dropout}, {@link
 *       io.visft.core.nn.Losses};
 *   <li>{@link io.visft.core.nn.SinePositionEncoding};
 *   <li>resizing as constant separable maps: {@link io.visft.core.nn.ResizeMatrices} builds them,
 *       {@link io.visft.core.nn.LinearResize} applies them, {@link io.visft.core.nn.GridSample}
 *       samples at fractional points.
 * </ul>
 *
 * <p>The package depends on the graph only; the backbone ({@code io.visft.core.vit}) and the heads
 * depend on it. Every method is stateless and thread-safe; it adds nodes to the graph of the {@code
 * Ops} it is given.
 */
package io.visft.core.nn;

package io.visft.heads.detection;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.MatchedTrainingStep;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A detection training step as three parts, because the Hungarian matching needs the predictions
 * before the loss can be built:
 *
 * <ol>
 *   <li>a forward run of {@link DetectionPredictions} (its own ONNX Runtime session) yields the
 *       class probabilities and boxes of every decoder layer;
 *   <li>{@link DetectionMatcher} matches them to the targets in Java, per layer and image;
 *   <li>a forward and backward run of {@link DetectionTrainingGraph} (a {@link TrainingSession})
 *       takes the matched targets as inputs and yields the loss and the gradients.
 * </ol>
 *
 * Both graphs are built by the same {@link InputGraph} and fed the same batch, dropout seed
 * included, so the forward passes agree and the matching is the one DETR makes on its single pass.
 * The cost is one extra forward pass per step. Stage 1 trains the head's parameters ({@link
 * HeadParameterMode#TRAINABLE_INPUTS}); stage 2 freezes them ({@link
 * HeadParameterMode#FROZEN_WEIGHTS}) and trains the caller's extra inputs (LoRA).
 *
 * <p>Not thread-safe. Close it to free both sessions.
 */
public final class DetectionTrainingStep extends MatchedTrainingStep {

  /** Builds the caller's part of a graph: the values the head reads. */
  @FunctionalInterface
  public interface InputGraph {
    /**
     * Called once per session on a fresh graph; must declare the same inputs each time.
     *
     * @return the features, padding mask, dropout seed and extra trainable inputs built in {@code
     *     graph}
     */
    DetectionInputs build(Graph graph);
  }

  /**
   * What the head reads, built by an {@link InputGraph}.
   *
   * @param features F32 {@code [B, featureDim, h, w]} (a graph input, or the backbone's output)
   * @param paddingMask BOOL {@code [B, h, w]} graph input, true where the map is padding
   * @param dropoutSeed I64 scalar graph input, or null for no dropout
   * @param trainable extra trainable graph inputs by parameter name (e.g. LoRA tensors); may be
   *     empty
   */
  public record DetectionInputs(
      Value features, Value paddingMask, Value dropoutSeed, Map<String, Value> trainable) {

    public DetectionInputs {
      Objects.requireNonNull(features, "features");
      Objects.requireNonNull(paddingMask, "paddingMask");
      trainable = Collections.unmodifiableMap(new LinkedHashMap<>(trainable));
    }
  }

  private final DetectionHeadConfig config;
  private final int maxTargets;
  private final Set<String> declaredInputs;
  private final String paddingMaskInput;
  private final Map<String, Value> forwardTrainable;
  private MatchedTargets lastMatch;

  private DetectionTrainingStep(
      DetectionHeadConfig config,
      int maxTargets,
      Set<String> declaredInputs,
      String paddingMaskInput,
      Map<String, Value> forwardTrainable,
      GraphSession forward,
      TrainingSession training) {
    super(forward, training);
    this.config = config;
    this.maxTargets = maxTargets;
    this.declaredInputs = declaredInputs;
    this.paddingMaskInput = paddingMaskInput;
    this.forwardTrainable = forwardTrainable;
  }

  /**
   * Builds both graphs and opens both sessions.
   *
   * @param maxTargets target slots per image (the most boxes an image of a batch may have)
   */
  public static DetectionTrainingStep create(
      DetectionHead head,
      HeadParameterMode mode,
      int maxTargets,
      InputGraph inputs,
      RuntimeOptions runtime) {
    checkArgument(maxTargets >= 1, "maxTargets must be at least 1, got %s", maxTargets);
    Graph forwardGraph = new Graph();
    DetectionInputs in = inputs.build(forwardGraph);
    DetectionPredictions predictions =
        DetectionPredictions.build(
            forwardGraph, head, in.features(), in.paddingMask(), in.dropoutSeed(), mode);
    Map<String, Value> forwardTrainable =
        withExtraInputs(predictions.parameterInputs(), in.trainable());
    Map<String, Value> outputs = new LinkedHashMap<>();
    outputs.put(DetectionPredictions.PROBABILITIES, predictions.probabilities());
    outputs.put(DetectionPredictions.BOXES, predictions.boxes());
    GraphSession forward =
        GraphSession.create(
            OnnxExporter.export(forwardGraph, outputs, Map.of("visft.graph", "detection-forward")),
            runtime);
    return afterForward(
        forward,
        () -> {
          Graph trainingGraph = new Graph();
          DetectionInputs tin = inputs.build(trainingGraph);
          DetectionTrainingGraph built =
              DetectionTrainingGraph.build(
                  trainingGraph,
                  head,
                  tin.features(),
                  tin.paddingMask(),
                  tin.dropoutSeed(),
                  maxTargets,
                  mode);
          TrainingSession training =
              TrainingSession.create(
                  built.loss(),
                  withExtraInputs(built.parameterInputs(), tin.trainable()),
                  built.metrics(),
                  runtime);
          Set<String> declared =
              forwardGraph.valuesOf(Value.Kind.INPUT).stream()
                  .map(Value::name)
                  .collect(Collectors.toUnmodifiableSet());
          return new DetectionTrainingStep(
              head.config(),
              maxTargets,
              declared,
              in.paddingMask().name(),
              forwardTrainable,
              forward,
              training);
        });
  }

  /**
   * Runs one step: forward, matching, forward and backward.
   *
   * @param parameters current values of every trainable tensor (head parameters in stage 1, extra
   *     inputs in stage 2), by name
   * @param batch values of the graph inputs the {@link InputGraph} declared (features or pixels,
   *     padding mask, dropout seed), by input name
   * @param targets the ground truth of each image of the batch
   * @return the loss; the gradients are then in {@link #gradients()}
   * @throws IllegalArgumentException naming a batch entry that is no input of the graph, an image
   *     whose padding mask leaves no position unpadded, or an image whose targets do not fit (see
   *     {@link MatchedTargets#of})
   */
  public double step(
      Parameters parameters, Map<String, HostTensor> batch, List<ImageTargets> targets) {
    Map<String, HostTensor> used = new LinkedHashMap<>();
    batch.forEach(
        (name, value) -> {
          checkArgument(
              declaredInputs.contains(name),
              "batch entry '%s' is not an input declared by the InputGraph",
              name);
          if (forward.model().inputs().containsKey(name)) {
            used.put(name, value);
          }
        });
    if (batch.containsKey(paddingMaskInput) && batch.get(paddingMaskInput).dtype() == DType.BOOL) {
      checkSomethingUnpadded(batch.get(paddingMaskInput));
    }
    forwardTrainable.forEach(
        (name, v) -> {
          if (forward.model().inputs().containsKey(v.name())) {
            forward.setInput(v.name(), parameters.get(name));
          }
        });
    used.forEach(forward::setInput);
    forward.run();
    lastMatch =
        DetectionMatcher.match(
            config,
            forward.outputCopy(DetectionPredictions.PROBABILITIES),
            forward.outputCopy(DetectionPredictions.BOXES),
            targets,
            maxTargets);
    used.putAll(lastMatch.inputs());
    return training.step(parameters, used);
  }

  /**
   * Every image needs an unpadded position: an image that is padding everywhere has no pixel to
   * detect in (its attention would average padding only), which is almost always a mask built with
   * the opposite convention (true must mark padding).
   */
  private static void checkSomethingUnpadded(HostTensor mask) {
    long[] shape = mask.shape();
    int perImage = Math.toIntExact(shape[1] * shape[2]);
    for (int b = 0; b < shape[0]; b++) {
      boolean any = false;
      for (int i = 0; i < perImage && !any; i++) {
        any = mask.data().get(b * perImage + i) == 0;
      }
      checkArgument(
          any,
          "image %s of the batch is padding everywhere in the padding mask; every image needs at"
              + " least one unpadded position",
          b);
    }
  }

  /**
   * A scalar metric of the last step: {@link DetectionTrainingGraph#LOSS_CE}, {@link
   * DetectionTrainingGraph#LOSS_BBOX} or {@link DetectionTrainingGraph#LOSS_GIOU}.
   */
  public double metric(String name) {
    return training.metric(name).get(0);
  }

  /** The matching of the last step. */
  public MatchedTargets lastMatch() {
    if (lastMatch == null) {
      throw new IllegalStateException("no step has run yet; call step() first");
    }
    return lastMatch;
  }
}

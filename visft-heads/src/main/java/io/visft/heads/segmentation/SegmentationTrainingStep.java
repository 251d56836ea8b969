package io.visft.heads.segmentation;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.train.Parameters;
import io.visft.core.train.TrainingSession;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.MatchedTrainingStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A segmentation training step in three parts, because Hungarian matching and importance sampling
 * need the predictions before the loss can be built: a forward run (its own ONNX Runtime session)
 * yields the class and mask logits of every prediction set and the mask parts of the matching cost
 * at points drawn beforehand ({@link MaskCostGraph}); {@link SegmentationTargets} matches in Java
 * and samples the loss points; a forward and backward run of the loss graph (a {@link
 * TrainingSession}) takes those as inputs and yields the loss and the gradients. Both graphs are
 * built by the same {@link InputGraph} and fed the same batch. Stage 1 trains the head's parameters
 * ({@link HeadParameterMode#TRAINABLE_INPUTS}); stage 2 freezes them and trains the caller's extra
 * inputs (LoRA).
 *
 * <p>Not thread-safe. Close it to free both sessions.
 */
public final class SegmentationTrainingStep extends MatchedTrainingStep {

  private static final String MATCH_POINTS = "seg_match/points";
  private static final String MATCH_TARGETS = "seg_match/targets";
  private static final String COST_BCE = "seg_match/bce";
  private static final String COST_DICE = "seg_match/dice";

  /** Metric names of the last step's loss terms (weighted, summed over prediction sets). */
  public static final String LOSS_CLASS = "loss_class";

  public static final String LOSS_MASK = "loss_mask";
  public static final String LOSS_DICE = "loss_dice";

  /** Builds the caller's part of a graph: the features the head reads. */
  @FunctionalInterface
  public interface InputGraph {
    /** Called once per session on a fresh graph; must declare the same inputs each time. */
    SegmentationInputs build(Graph graph);
  }

  /**
   * What the head reads, built by an {@link InputGraph}.
   *
   * @param features F32 {@code [B, inChannels, h, w]} (a graph input, or the backbone's output)
   * @param trainable extra trainable graph inputs by parameter name (e.g. LoRA tensors); may be
   *     empty
   */
  public record SegmentationInputs(Value features, Map<String, Value> trainable) {
    public SegmentationInputs {
      Objects.requireNonNull(features, "features");
      trainable = Collections.unmodifiableMap(new LinkedHashMap<>(trainable));
    }
  }

  private final SegmentationHeadConfig config;
  private final SegmentationTargets targets;
  private final Map<String, Value> trainable;

  private SegmentationTrainingStep(
      SegmentationHeadConfig config,
      SegmentationTargets targets,
      Map<String, Value> trainable,
      GraphSession forward,
      TrainingSession training) {
    super(forward, training);
    this.config = config;
    this.targets = targets;
    this.trainable = trainable;
  }

  /**
   * Builds both graphs and opens both sessions.
   *
   * @param batch images per step
   * @param seed seeds the point sampling
   */
  public static SegmentationTrainingStep create(
      SegmentationHead head,
      HeadParameterMode mode,
      SegmentationLossConfig loss,
      int batch,
      InputGraph inputs,
      long seed,
      RuntimeOptions runtime) {
    checkArgument(batch >= 1, "batch must be at least 1, got %s", batch);
    SegmentationHeadConfig config = head.config();
    Graph fg = new Graph();
    SegmentationInputs fin = inputs.build(fg);
    Ops fo = new Ops(fg);
    SegmentationGraph.Forward f =
        SegmentationGraph.forward(fo, config, parameters(fg, head, mode), fin.features());
    Map<String, Value> outputs = new LinkedHashMap<>();
    for (int i = 0; i < f.sets().size(); i++) {
      outputs.put("class." + i, f.sets().get(i).classLogits());
      outputs.put("mask." + i, f.sets().get(i).maskLogits());
    }
    MaskCostGraph.Costs costs =
        MaskCostGraph.build(
            fo,
            f.sets(),
            fg.input(
                MATCH_POINTS, DType.F32, config.predictionSets(), batch, loss.matchPoints(), 2),
            fg.input(
                MATCH_TARGETS,
                DType.F32,
                config.predictionSets(),
                batch,
                loss.maxInstances(),
                loss.matchPoints()));
    outputs.put(COST_BCE, costs.bce());
    outputs.put(COST_DICE, costs.dice());
    GraphSession forward =
        GraphSession.create(
            OnnxExporter.export(fg, outputs, Map.of("visft.graph", "segmentation-forward")),
            runtime);
    return afterForward(
        forward,
        () -> {
          Graph tg = new Graph();
          SegmentationInputs tin = inputs.build(tg);
          Ops o = new Ops(tg);
          Map<String, Value> params = parameters(tg, head, mode);
          SegmentationGraph.Forward t =
              SegmentationGraph.forward(o, config, params, tin.features());
          SegmentationLoss.Terms terms =
              SegmentationLoss.build(
                  o,
                  config,
                  loss,
                  t.sets(),
                  SegmentationLossInputs.declare(tg, config, loss, batch));
          Map<String, Value> trainable =
              withExtraInputs(
                  mode == HeadParameterMode.TRAINABLE_INPUTS ? params : Map.of(), tin.trainable());
          TrainingSession training =
              TrainingSession.create(
                  terms.total(),
                  trainable,
                  ImmutableMap.of(
                      LOSS_CLASS,
                      terms.classification(),
                      LOSS_MASK,
                      terms.mask(),
                      LOSS_DICE,
                      terms.dice()),
                  runtime);
          return new SegmentationTrainingStep(
              config, new SegmentationTargets(config, loss, seed), trainable, forward, training);
        });
  }

  private static Map<String, Value> parameters(
      Graph g, SegmentationHead head, HeadParameterMode mode) {
    return mode == HeadParameterMode.TRAINABLE_INPUTS
        ? SegmentationGraph.trainableInputs(g, head.config())
        : SegmentationGraph.frozenWeights(g, head.parameters());
  }

  /**
   * Runs one step: forward, matching and point sampling, forward and backward.
   *
   * @param parameters current values of every trainable tensor, by name
   * @param batch values of the inputs the {@link InputGraph} declared, by input name
   * @param instances per image its ground-truth instances (labels in {@code [0, classes)}, masks at
   *     the resolution of the images)
   * @param step the global step, which seeds the point sampling (so a resumed run repeats it)
   * @return the loss; the gradients are then in {@link #gradients()}
   */
  public double step(
      Parameters parameters,
      Map<String, HostTensor> batch,
      List<List<InstanceMask>> instances,
      long step) {
    trainable.forEach(
        (name, v) -> {
          if (forward.model().inputs().containsKey(v.name())) {
            forward.setInput(v.name(), parameters.get(name));
          }
        });
    batch.forEach(forward::setInput);
    SegmentationTargets.MatchPoints points = targets.matchPoints(instances, step);
    forward.setInput(MATCH_POINTS, points.points());
    forward.setInput(MATCH_TARGETS, points.targets());
    forward.run();
    List<HostTensor> classes = new ArrayList<>();
    List<HostTensor> masks = new ArrayList<>();
    for (int i = 0; i < config.predictionSets(); i++) {
      classes.add(forward.outputCopy("class." + i));
      masks.add(forward.outputCopy("mask." + i));
    }
    Map<String, HostTensor> inputs = new LinkedHashMap<>(batch);
    inputs.putAll(
        targets.compute(
            new HostPredictions(classes, masks),
            points,
            forward.outputCopy(COST_BCE),
            forward.outputCopy(COST_DICE),
            instances));
    return training.step(parameters, inputs);
  }

  /**
   * A scalar metric of the last step: {@link #LOSS_CLASS}, {@link #LOSS_MASK} or {@link
   * #LOSS_DICE}.
   */
  public double metric(String name) {
    return training.metric(name).get(0);
  }
}

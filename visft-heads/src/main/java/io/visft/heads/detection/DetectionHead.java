package io.visft.heads.detection;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.api.TaskHead;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.TensorConversions;
import io.visft.core.io.TensorSource;
import io.visft.heads.HeadParameterMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The ViSFT detection head (DETR with the task token): its configuration and the current values of
 * its {@link DetectionParameters parameters}.
 *
 * <p>Build its forward pass with {@link DetectionPredictions#build} and its loss with {@link
 * DetectionTrainingGraph#build}, train it with {@link DetectionTrainingStep}, decode its
 * predictions with {@link DetectionDecoder}. Parameters are held as F32 heap copies owned by the
 * head. Mutable ({@link #load}) and not thread-safe.
 */
public final class DetectionHead implements TaskHead {

  /** {@link #task()} of this head. */
  public static final String TASK = "detection";

  private final DetectionHeadConfig config;
  private final Map<String, HostTensor> values = new LinkedHashMap<>();

  private DetectionHead(DetectionHeadConfig config) {
    this.config = config;
  }

  /**
   * A freshly initialised head (see {@link DetectionParameters} for the distributions).
   *
   * @param seed seeds the draws; the same seed gives the same parameters
   */
  public static DetectionHead initialize(DetectionHeadConfig config, long seed) {
    DetectionHead head = new DetectionHead(config);
    SplittableRandom random = new SplittableRandom(seed);
    for (DetectionParameters.Spec spec : DetectionParameters.of(config)) {
      head.values.put(spec.name(), spec.initialise(random));
    }
    return head;
  }

  /**
   * A head with the given parameter values (checked as by {@link #load}).
   *
   * @param parameters every parameter by checkpoint name
   */
  public static DetectionHead of(DetectionHeadConfig config, Map<String, HostTensor> parameters) {
    DetectionHead head = new DetectionHead(config);
    head.load(parameters);
    return head;
  }

  /**
   * A head from a checkpoint that may hold more than this head, such as a released ViSFT state dict
   * with the caption and segmentation heads and the backbone: exactly the names of {@link
   * DetectionParameters#of} are read (F16 and BF16 widened), every other tensor is ignored.
   *
   * @throws ShapeException listing every detection parameter the checkpoint lacks, or naming a
   *     tensor of the wrong shape
   */
  public static DetectionHead fromCheckpoint(DetectionHeadConfig config, TensorSource checkpoint) {
    Map<String, HostTensor> selected = new LinkedHashMap<>();
    Set<String> missing = new TreeSet<>();
    for (DetectionParameters.Spec spec : DetectionParameters.of(config)) {
      if (checkpoint.names().contains(spec.name())) {
        selected.put(spec.name(), checkpoint.tensorF32(spec.name()));
      } else {
        missing.add(spec.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new ShapeException(
          String.format(
              "%s lacks %d detection head parameters for %s: %s; check the configuration (layer"
                  + " counts, widths) against the checkpoint",
              checkpoint.path(), missing.size(), config, missing));
    }
    return of(config, selected);
  }

  /**
   * Reads a head written by {@link #save}: safetensors weights with the configuration in their
   * metadata.
   *
   * @throws io.visft.api.FileFormatException naming the file and the field or tensor at fault
   */
  public static DetectionHead read(Path weightsFile) {
    return DetectionHeadFiles.read(weightsFile);
  }

  @Override
  public String task() {
    return TASK;
  }

  /** The sizes and loss settings. */
  public DetectionHeadConfig config() {
    return config;
  }

  /** Copies of every parameter by checkpoint name, in {@link DetectionParameters#of} order. */
  @Override
  public Map<String, HostTensor> parameters() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    values.forEach((name, t) -> out.put(name, copy(t)));
    return out;
  }

  /**
   * Replaces every parameter. F16 and BF16 tensors are widened to F32; values are copied.
   *
   * @param parameters exactly the names of {@link DetectionParameters#of} for this configuration
   * @throws ShapeException naming missing or unexpected names, or a tensor of the wrong shape
   * @throws NumericException naming a tensor that holds NaN or infinity
   */
  @Override
  public void load(Map<String, HostTensor> parameters) {
    Set<String> unexpected = new TreeSet<>(parameters.keySet());
    Set<String> missing = new TreeSet<>();
    for (DetectionParameters.Spec spec : DetectionParameters.of(config)) {
      if (!unexpected.remove(spec.name())) {
        missing.add(spec.name());
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new ShapeException(
          String.format(
              "detection head parameters do not match: missing %s, unexpected %s; the names are"
                  + " listed by DetectionParameters.of(config) for %s",
              missing, unexpected, config));
    }
    Map<String, HostTensor> checked = new LinkedHashMap<>();
    for (DetectionParameters.Spec spec : DetectionParameters.of(config)) {
      String name = spec.name();
      HostTensor t =
          TensorConversions.toF32(parameters.get(name), "detection head parameter " + name);
      if (!Arrays.equals(t.shape(), spec.shape())) {
        throw new ShapeException(
            String.format(
                "detection head parameter %s has shape %s, expected %s for %s",
                name, Arrays.toString(t.shape()), Arrays.toString(spec.shape()), config));
      }
      float[] data = t.toFloatArray();
      for (int i = 0; i < data.length; i++) {
        if (!Float.isFinite(data[i])) {
          throw new NumericException(
              String.format(
                  "detection head parameter %s holds %s at flat index %d; refusing to load it",
                  name, data[i], i));
        }
      }
      checked.put(name, HostTensor.ofFloats(data, t.shape()));
    }
    values.clear();
    values.putAll(checked);
  }

  /**
   * Writes the parameters to {@code file} as safetensors with the configuration in the metadata;
   * the file is replaced atomically.
   */
  @Override
  public void save(Path file) {
    DetectionHeadFiles.write(this, file);
  }

  /**
   * Declares every parameter in {@code graph} under its checkpoint name: as an F32 input, or as a
   * frozen weight holding a copy of the current value.
   */
  Map<String, Value> bind(Graph graph, HeadParameterMode mode) {
    Map<String, Value> bound = new LinkedHashMap<>();
    values.forEach(
        (name, t) ->
            bound.put(
                name,
                mode == HeadParameterMode.TRAINABLE_INPUTS
                    ? graph.input(name, DType.F32, t.shape())
                    : graph.weight(name, copy(t))));
    return bound;
  }

  private static HostTensor copy(HostTensor t) {
    return HostTensor.ofFloats(t.toFloatArray(), t.shape());
  }

  @Override
  public String toString() {
    return "DetectionHead[" + config + "]";
  }
}

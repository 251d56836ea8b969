package io.visft.heads.detection;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.api.Task;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.TensorSource;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.HeadParameters;
import io.visft.heads.TrainableHead;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ViSFT detection head (DETR with the task token): its configuration and the current values of
 * its {@link DetectionParameters parameters}.
 *
 * <p>Build its forward pass with {@link DetectionPredictions#build} and its loss with {@link
 * DetectionTrainingGraph#build}, train it with {@link DetectionTrainingStep}, decode its
 * predictions with {@link DetectionDecoder}. Parameters are held as F32 heap copies owned by the
 * head. Mutable ({@link #load}) and not thread-safe.
 */
public final class DetectionHead implements TrainableHead {

  /** {@link #task()} of this head. */
  public static final String TASK = Task.DETECTION.configName();

  private final DetectionHeadConfig config;
  private final HeadParameters values;

  private DetectionHead(DetectionHeadConfig config, Map<String, HostTensor> parameters) {
    this.config = config;
    Map<String, long[]> spec = new LinkedHashMap<>();
    DetectionParameters.of(config).forEach(p -> spec.put(p.name(), p.shape()));
    this.values =
        HeadParameters.of(
            "detection head", "DetectionParameters.of(config) for " + config, spec, parameters);
  }

  /**
   * A freshly initialised head (see {@link DetectionParameters} for the distributions).
   *
   * @param seed seeds the draws; the same seed gives the same parameters
   */
  public static DetectionHead initialize(DetectionHeadConfig config, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, HostTensor> initial = new LinkedHashMap<>();
    for (DetectionParameters.Spec spec : DetectionParameters.of(config)) {
      initial.put(spec.name(), spec.initialise(random));
    }
    return new DetectionHead(config, initial);
  }

  /**
   * A head with the given parameter values (checked as by {@link #load}).
   *
   * @param parameters every parameter by checkpoint name
   */
  public static DetectionHead of(DetectionHeadConfig config, Map<String, HostTensor> parameters) {
    return new DetectionHead(config, parameters);
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
    DetectionHead head = initialize(config, 0);
    head.values.loadFrom(checkpoint);
    return head;
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

  @Override
  public HeadParameters parameterSet() {
    return values;
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
    return values.bind(graph, mode);
  }

  @Override
  public String toString() {
    return "DetectionHead[" + config + "]";
  }
}

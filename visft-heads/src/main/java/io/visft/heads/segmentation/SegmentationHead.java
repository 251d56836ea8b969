package io.visft.heads.segmentation;

import com.google.common.base.Preconditions;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.TaskHead;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.core.io.safetensors.SafetensorsWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ViSFT's instance-segmentation head (Mask2Former on one backbone scale): its config and parameter
 * values. Build graphs with {@link SegmentationGraph}, the loss with {@link SegmentationLoss} and
 * {@link SegmentationTargets}, and decode with {@link InstanceDecoder}. Parameter names are listed
 * in {@link SegmentationParameters}.
 *
 * <p>Mutable (training replaces its values through {@link #load}); not thread-safe.
 */
public final class SegmentationHead implements TaskHead {

  private final SegmentationHeadConfig config;
  private final Map<String, HostTensor> values;

  private SegmentationHead(SegmentationHeadConfig config, Map<String, HostTensor> values) {
    this.config = config;
    this.values = values;
  }

  /** A freshly initialised head (Mask2Former's initialisation), reproducible from {@code seed}. */
  public static SegmentationHead initialize(SegmentationHeadConfig config, long seed) {
    return new SegmentationHead(config, new LinkedHashMap<>(SegmentationInitializer.initialize(config, seed)));
  }

  /**
   * Reads a head saved by {@link #save} (or a converted ViSFT checkpoint) from a safetensors file;
   * tensors of other heads in the same file are ignored.
   *
   * @throws FileFormatException naming the file and tensor when one is missing or misshapen
   */
  public static SegmentationHead read(Path file, SegmentationHeadConfig config) {
    SegmentationHead head = initialize(config, 0);
    Map<String, HostTensor> read = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      for (Map.Entry<String, long[]> e : SegmentationParameters.shapes(config).entrySet()) {
        if (!f.names().contains(e.getKey())) {
          throw new FileFormatException(file + ": tensor '" + e.getKey() + "' of the segmentation head is missing;"
              + " check that the file holds a head of " + config);
        }
        if (!Arrays.equals(f.shape(e.getKey()), e.getValue())) {
          throw new FileFormatException(file + ": tensor '" + e.getKey() + "' has shape "
              + Arrays.toString(f.shape(e.getKey())) + ", expected " + Arrays.toString(e.getValue())
              + " for " + config);
        }
        HostTensor t = f.tensorF32(e.getKey());
        read.put(e.getKey(), HostTensor.ofFloats(t.toFloatArray(), t.shape()));
      }
    }
    head.load(read);
    return head;
  }

  public SegmentationHeadConfig config() {
    return config;
  }

  @Override
  public String task() {
    return "segmentation";
  }

  @Override
  public Map<String, HostTensor> parameters() {
    Map<String, HostTensor> copy = new LinkedHashMap<>();
    values.forEach((name, t) -> copy.put(name, HostTensor.ofFloats(t.toFloatArray(), t.shape())));
    return copy;
  }

  /**
   * Replaces the given parameters (a subset is allowed); every name must be a parameter of this
   * head and every shape must match.
   */
  @Override
  public void load(Map<String, HostTensor> newValues) {
    newValues.forEach((name, t) -> {
      HostTensor current = values.get(name);
      Preconditions.checkArgument(current != null, "'%s' is not a segmentation head parameter; see"
          + " SegmentationParameters.shapes(config)", name);
      Preconditions.checkArgument(Arrays.equals(current.shape(), t.shape()),
          "'%s' must have shape %s, got %s", name, Arrays.toString(current.shape()), Arrays.toString(t.shape()));
    });
    newValues.forEach((name, t) -> values.put(name, HostTensor.ofFloats(t.toFloatArray(), t.shape())));
  }

  /** Writes every parameter as F32 to a safetensors file, with the config in its metadata. */
  @Override
  public void save(Path file) {
    SafetensorsWriter.write(file, values, Map.of("visft.task", task(), "visft.segmentation.config", config.toString()));
  }
}

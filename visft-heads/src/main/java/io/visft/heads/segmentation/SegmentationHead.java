package io.visft.heads.segmentation;

import io.visft.api.ConfigException;
import io.visft.api.FileFormatException;
import io.visft.api.HostTensor;
import io.visft.api.Task;
import io.visft.core.io.safetensors.SafetensorsFile;
import io.visft.heads.HeadMetadata;
import io.visft.heads.HeadParameters;
import io.visft.heads.TrainableHead;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * ViSFT's instance-segmentation head (Mask2Former on one backbone scale): its config and parameter
 * values. Build graphs with {@link SegmentationGraph}, the loss with {@link SegmentationLoss} and
 * {@link SegmentationTargets}, and decode with {@link InstanceDecoder}. Parameter names are listed
 * in {@link SegmentationParameters}.
 *
 * <p>Mutable (training replaces its values through {@link #load}); not thread-safe.
 */
public final class SegmentationHead implements TrainableHead {

  /** The task name of this head. */
  public static final String TASK = Task.SEGMENTATION.configName();

  private static final String CONFIG_PREFIX = "visft.segmentation.";

  /** The config's fields in constructor order, as stored in the metadata. */
  private static final Map<String, ToIntFunction<SegmentationHeadConfig>> CONFIG_FIELDS =
      configFields();

  private final SegmentationHeadConfig config;
  private final HeadParameters values;

  private SegmentationHead(SegmentationHeadConfig config, Map<String, HostTensor> parameters) {
    this.config = config;
    this.values =
        HeadParameters.of(
            "segmentation head",
            "SegmentationParameters.shapes(config) for " + config,
            SegmentationParameters.shapes(config),
            parameters);
  }

  private static Map<String, ToIntFunction<SegmentationHeadConfig>> configFields() {
    Map<String, ToIntFunction<SegmentationHeadConfig>> f = new LinkedHashMap<>();
    f.put("in_channels", SegmentationHeadConfig::inChannels);
    f.put("dim", SegmentationHeadConfig::dim);
    f.put("heads", SegmentationHeadConfig::heads);
    f.put("groups", SegmentationHeadConfig::groups);
    f.put("encoder_layers", SegmentationHeadConfig::encoderLayers);
    f.put("encoder_points", SegmentationHeadConfig::encoderPoints);
    f.put("encoder_ffn_dim", SegmentationHeadConfig::encoderFfnDim);
    f.put("decoder_layers", SegmentationHeadConfig::decoderLayers);
    f.put("decoder_ffn_dim", SegmentationHeadConfig::decoderFfnDim);
    f.put("queries", SegmentationHeadConfig::queries);
    f.put("classes", SegmentationHeadConfig::classes);
    f.put("mask_dim", SegmentationHeadConfig::maskDim);
    return f;
  }

  /** A freshly initialised head (Mask2Former's initialisation), reproducible from {@code seed}. */
  public static SegmentationHead initialize(SegmentationHeadConfig config, long seed) {
    return new SegmentationHead(config, SegmentationInitializer.initialize(config, seed));
  }

  /**
   * A head with the given parameter values (checked as by {@link #load}).
   *
   * @param parameters every parameter by checkpoint name
   */
  public static SegmentationHead of(
      SegmentationHeadConfig config, Map<String, HostTensor> parameters) {
    return new SegmentationHead(config, parameters);
  }

  /**
   * Reads a head saved by {@link #save} (or a converted ViSFT checkpoint) from a safetensors file;
   * tensors of other heads in the same file are ignored ({@link HeadParameters#loadFrom}).
   *
   * @throws io.visft.api.ShapeException naming the tensors the file lacks, or one of the wrong
   *     shape
   */
  public static SegmentationHead read(Path file, SegmentationHeadConfig config) {
    SegmentationHead head = initialize(config, 0);
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      head.values.loadFrom(f);
    }
    return head;
  }

  public SegmentationHeadConfig config() {
    return config;
  }

  @Override
  public String task() {
    return TASK;
  }

  @Override
  public HeadParameters parameterSet() {
    return values;
  }

  /**
   * Writes every parameter as F32 to a safetensors file, with {@code visft.task} and every config
   * field ({@code visft.segmentation.<field>}) in its metadata, so {@link #read(Path)} needs
   * nothing else.
   */
  @Override
  public void save(Path file) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("visft.task", TASK);
    CONFIG_FIELDS.forEach(
        (field, value) ->
            metadata.put(CONFIG_PREFIX + field, Integer.toString(value.applyAsInt(config))));
    values.save(file, metadata);
  }

  /**
   * Reads a head written by {@link #save}, its config taken from the file's metadata.
   *
   * @throws FileFormatException naming the file and the metadata key or tensor at fault
   */
  public static SegmentationHead read(Path file) {
    Map<String, String> metadata;
    try (SafetensorsFile f = SafetensorsFile.open(file)) {
      metadata = f.metadata();
    }
    HeadMetadata meta = new HeadMetadata(file, metadata, CONFIG_PREFIX, "SegmentationHead.save");
    int[] v = CONFIG_FIELDS.keySet().stream().mapToInt(meta::integer).toArray();
    SegmentationHeadConfig config;
    try {
      config =
          new SegmentationHeadConfig(
              v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new FileFormatException(
          file + ": its segmentation head metadata is invalid: " + e.getMessage(), e);
    }
    return read(file, config);
  }
}

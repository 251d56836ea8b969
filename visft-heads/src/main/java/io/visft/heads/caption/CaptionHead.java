package io.visft.heads.caption;

import io.visft.api.ConfigException;
import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import io.visft.api.TaskHead;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.core.io.TensorConversions;
import io.visft.heads.HeadParameterMode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The ViSFT captioning head (Show-Attend-Tell): its configuration, its vocabulary and the current
 * values of its {@link CaptionParameter parameters}.
 *
 * <p>Build its training loss with {@link CaptionTrainingGraph#build}, decode with {@link
 * CaptionDecoder}. Parameters are held as F32 heap copies owned by the head. Mutable ({@link
 * #load}) and not thread-safe.
 */
public final class CaptionHead implements TaskHead {

  /** {@link #task()} of this head. */
  public static final String TASK = "caption";

  private final CaptionHeadConfig config;
  private final Vocabulary vocabulary;
  private final Map<CaptionParameter, HostTensor> values = new EnumMap<>(CaptionParameter.class);

  private CaptionHead(CaptionHeadConfig config, Vocabulary vocabulary) {
    if (vocabulary.size() != config.vocabSize()) {
      throw new ConfigException(
          String.format(
              "CaptionHeadConfig.vocabSize = %d but the vocabulary has %d tokens; build the config"
                  + " with vocabSize = vocabulary.size()",
              config.vocabSize(), vocabulary.size()));
    }
    this.config = config;
    this.vocabulary = vocabulary;
  }

  /**
   * A freshly initialised head (see {@link CaptionParameter} for the distributions).
   *
   * @param seed seeds the draws; the same seed gives the same parameters
   * @throws ConfigException if {@code config.vocabSize()} is not {@code vocabulary.size()}
   */
  public static CaptionHead initialize(CaptionHeadConfig config, Vocabulary vocabulary, long seed) {
    CaptionHead head = new CaptionHead(config, vocabulary);
    SplittableRandom random = new SplittableRandom(seed);
    for (CaptionParameter p : CaptionParameter.values()) {
      head.values.put(p, p.initialise(config, random));
    }
    return head;
  }

  /**
   * A head with the given parameter values (checked as by {@link #load}).
   *
   * @param parameters every parameter by checkpoint name
   */
  public static CaptionHead of(
      CaptionHeadConfig config, Vocabulary vocabulary, Map<String, HostTensor> parameters) {
    CaptionHead head = new CaptionHead(config, vocabulary);
    head.load(parameters);
    return head;
  }

  /**
   * Reads a head written by {@link #save}: the safetensors weights, the configuration in their
   * metadata and the vocabulary beside them ({@link VocabularyFile#besideWeights}).
   *
   * @throws io.visft.api.FileFormatException naming the file and the field or tensor at fault
   */
  public static CaptionHead read(Path weightsFile) {
    return CaptionHeadFiles.read(weightsFile);
  }

  @Override
  public String task() {
    return TASK;
  }

  /** The sizes and loss settings. */
  public CaptionHeadConfig config() {
    return config;
  }

  /** The word list of the output layer. */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  /** The codec whose encoded captions fit this head ({@code maxWords = maxLength}). */
  public CaptionCodec codec(LengthPolicy policy) {
    return config.codec(vocabulary, policy);
  }

  /** Copies of every parameter by checkpoint name, in {@link CaptionParameter} order. */
  @Override
  public Map<String, HostTensor> parameters() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    values.forEach((p, t) -> out.put(p.checkpointName(), copy(t)));
    return out;
  }

  /**
   * Replaces every parameter. F16 and BF16 tensors are widened to F32; values are copied.
   *
   * @param parameters exactly the {@link CaptionParameter} checkpoint names
   * @throws ShapeException naming missing or unexpected names, or a tensor of the wrong shape
   * @throws NumericException naming a tensor that holds NaN or infinity
   */
  @Override
  public void load(Map<String, HostTensor> parameters) {
    Set<String> unexpected = new TreeSet<>(parameters.keySet());
    Set<String> missing = new TreeSet<>();
    for (CaptionParameter p : CaptionParameter.values()) {
      if (!unexpected.remove(p.checkpointName())) {
        missing.add(p.checkpointName());
      }
    }
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new ShapeException(
          String.format(
              "caption head parameters do not match: missing %s, unexpected %s; names are"
                  + " CaptionParameter.checkpointName() (prefix %s)",
              missing, unexpected, CaptionParameter.PREFIX));
    }
    Map<CaptionParameter, HostTensor> checked = new EnumMap<>(CaptionParameter.class);
    for (CaptionParameter p : CaptionParameter.values()) {
      String name = p.checkpointName();
      HostTensor t =
          TensorConversions.toF32(parameters.get(name), "caption head parameter " + name);
      if (!Arrays.equals(t.shape(), p.shape(config))) {
        throw new ShapeException(
            String.format(
                "caption head parameter %s has shape %s, expected %s for %s",
                name, Arrays.toString(t.shape()), Arrays.toString(p.shape(config)), config));
      }
      float[] data = t.toFloatArray();
      for (int i = 0; i < data.length; i++) {
        if (!Float.isFinite(data[i])) {
          throw new NumericException(
              String.format(
                  "caption head parameter %s holds %s at flat index %d; refusing to load it",
                  name, data[i], i));
        }
      }
      checked.put(p, HostTensor.ofFloats(data, t.shape()));
    }
    values.putAll(checked);
  }

  /**
   * Writes the parameters to {@code file} as safetensors (configuration in the metadata) and the
   * vocabulary beside it ({@link VocabularyFile#besideWeights}); both are replaced.
   *
   * @throws java.io.UncheckedIOException if a file cannot be written
   */
  @Override
  public void save(Path file) {
    CaptionHeadFiles.write(this, file);
  }

  /**
   * Declares every parameter in {@code graph} under its checkpoint name: as an F32 input, or as a
   * frozen weight holding a copy of the current value.
   */
  Map<CaptionParameter, Value> bind(Graph graph, HeadParameterMode mode) {
    Map<CaptionParameter, Value> bound = new EnumMap<>(CaptionParameter.class);
    values.forEach(
        (p, t) ->
            bound.put(
                p,
                mode == HeadParameterMode.TRAINABLE_INPUTS
                    ? graph.input(p.checkpointName(), DType.F32, t.shape())
                    : graph.weight(p.checkpointName(), copy(t))));
    return bound;
  }

  private static HostTensor copy(HostTensor t) {
    return HostTensor.ofFloats(t.toFloatArray(), t.shape());
  }

  @Override
  public String toString() {
    return "CaptionHead[" + config + ", " + vocabulary + "]";
  }
}

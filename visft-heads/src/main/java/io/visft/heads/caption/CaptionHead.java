package io.visft.heads.caption;

import io.visft.api.ConfigException;
import io.visft.api.HostTensor;
import io.visft.api.Task;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Value;
import io.visft.heads.HeadParameterMode;
import io.visft.heads.HeadParameters;
import io.visft.heads.TrainableHead;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ViSFT captioning head (Show-Attend-Tell): its configuration, its vocabulary and the current
 * values of its {@link CaptionParameter parameters}.
 *
 * <p>Build its training loss with {@link CaptionTrainingGraph#build}, decode with {@link
 * CaptionDecoder}. Parameters are held as F32 heap copies owned by the head. Mutable ({@link
 * #load}) and not thread-safe.
 */
public final class CaptionHead implements TrainableHead {

  /** {@link #task()} of this head. */
  public static final String TASK = Task.CAPTION.configName();

  private final CaptionHeadConfig config;
  private final Vocabulary vocabulary;
  private final HeadParameters values;

  private CaptionHead(
      CaptionHeadConfig config, Vocabulary vocabulary, Map<String, HostTensor> parameters) {
    if (vocabulary.size() != config.vocabSize()) {
      throw new ConfigException(
          String.format(
              "CaptionHeadConfig.vocabSize = %d but the vocabulary has %d tokens; build the config"
                  + " with vocabSize = vocabulary.size()",
              config.vocabSize(), vocabulary.size()));
    }
    this.config = config;
    this.vocabulary = vocabulary;
    this.values =
        HeadParameters.of(
            "caption head",
            "CaptionParameter (prefix " + CaptionParameter.PREFIX + ")",
            spec(config),
            parameters);
  }

  private static Map<String, long[]> spec(CaptionHeadConfig config) {
    Map<String, long[]> spec = new LinkedHashMap<>();
    for (CaptionParameter p : CaptionParameter.values()) {
      spec.put(p.checkpointName(), p.shape(config));
    }
    return spec;
  }

  /**
   * A freshly initialised head (see {@link CaptionParameter} for the distributions).
   *
   * @param seed seeds the draws; the same seed gives the same parameters
   * @throws ConfigException if {@code config.vocabSize()} is not {@code vocabulary.size()}
   */
  public static CaptionHead initialize(CaptionHeadConfig config, Vocabulary vocabulary, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, HostTensor> initial = new LinkedHashMap<>();
    for (CaptionParameter p : CaptionParameter.values()) {
      initial.put(p.checkpointName(), p.initialise(config, random));
    }
    return new CaptionHead(config, vocabulary, initial);
  }

  /**
   * A head with the given parameter values (checked as by {@link #load}).
   *
   * @param parameters every parameter by checkpoint name
   */
  public static CaptionHead of(
      CaptionHeadConfig config, Vocabulary vocabulary, Map<String, HostTensor> parameters) {
    return new CaptionHead(config, vocabulary, parameters);
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

  @Override
  public HeadParameters parameterSet() {
    return values;
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
    Map<String, Value> byName = values.bind(graph, mode);
    Map<CaptionParameter, Value> bound = new EnumMap<>(CaptionParameter.class);
    for (CaptionParameter p : CaptionParameter.values()) {
      bound.put(p, byName.get(p.checkpointName()));
    }
    return bound;
  }

  @Override
  public String toString() {
    return "CaptionHead[" + config + ", " + vocabulary + "]";
  }
}

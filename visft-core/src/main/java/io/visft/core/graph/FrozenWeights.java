package io.visft.core.graph;

import io.visft.api.ConfigException;
import io.visft.api.ConfigNames;
import io.visft.api.DType;
import io.visft.api.ShapeException;
import java.util.Optional;

/**
 * How a frozen weight is held and how a graph reads it. A weight is held in the element type its
 * checkpoint stores ({@link Storage}: F32, or F16/BF16 kept 16-bit, memory-mapped where the file
 * allows), and every use site reads it through its own read node that widens it to F32 just before
 * the op that needs F32 (a {@code Cast}; a quantized storage would read through {@code
 * DequantizeLinear}). Widened copies are therefore transient: one per use, freed after their
 * consumer ran, never one per weight for the whole run.
 *
 * <p>Reads are per use site on purpose: the backward pass re-reads a weight rather than keeping the
 * forward pass's widened copy alive until the gradient needs it ({@link #reread(Ops, Value)}). The
 * exporter places read nodes first, so that ONNX Runtime's execution order (a depth-first walk from
 * the outputs, later nodes first) runs each read just before its consumer; sessions disable ONNX
 * Runtime's common-subexpression elimination for models holding 16-bit weights, so that the reads
 * are not merged back into one long-lived copy.
 */
public final class FrozenWeights {
  private FrozenWeights() {}

  /** The element type a frozen weight is held in. */
  public enum Storage {
    /** Single precision, read as is. */
    F32(DType.F32),
    /** IEEE half precision, widened to F32 by a {@code Cast} per use (exact). */
    F16(DType.F16),
    /** bfloat16, widened to F32 by a {@code Cast} per use (exact). */
    BF16(DType.BF16),
    /**
     * Int8 {@code [out, in]}, quantized symmetrically per output channel with an F32 scale {@code
     * [out]} held as the weight {@link #scaleName}; never widened: only a linear layer reads it, as
     * an integer product ({@code io.visft.core.nn.Linear}, {@link Op#DYNAMIC_QUANTIZE_MAT_MUL}).
     */
    I8(DType.I8);

    private final DType dtype;

    Storage(DType dtype) {
      this.dtype = dtype;
    }

    /** The element type of the held tensor. */
    public DType dtype() {
      return dtype;
    }

    /** True when reading needs a widening node before an F32 op. */
    public boolean widened() {
      return this == F16 || this == BF16;
    }

    /** The storage of a weight held as {@code dtype}, if weights can be held that way. */
    public static Optional<Storage> of(DType dtype) {
      for (Storage s : values()) {
        if (s.dtype == dtype) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * How a backbone holds its frozen linear weights: the switch {@code frozen_weights} of the train
   * config, {@code --frozen-weights} on the command line, {@code RuntimeOptions.frozenWeights}.
   */
  public enum Precision {
    /** As the checkpoint stores them (F32, F16 or BF16), products in F32. */
    FP32,
    /**
     * Quantized once at load to {@link Storage#I8}, products on ONNX Runtime's integer kernels
     * (CPU).
     */
    INT8;

    /** The setting's name as configs and the command line write it. */
    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * From its config name, {@code fp32} or {@code int8} (case-insensitive).
     *
     * @param setting names the config field or option, for the message
     * @throws ConfigException naming the setting, the value and the accepted values
     */
    public static Precision parse(String value, String setting) {
      return ConfigNames.parse(
          Precision.class,
          value,
          setting,
          "is not one of fp32, int8; use fp32 (the default) or "
              + "int8 (frozen linear weights quantized to int8, CPU only)");
    }
  }

  /** The name of the F32 scale weight {@code [out]} of int8 weight {@code weightName}. */
  public static String scaleName(String weightName) {
    return weightName + "_scale";
  }

  /**
   * The scale weight of int8 weight {@code weight} ({@link Storage#I8}), declared in its graph.
   *
   * @throws ShapeException when {@code weight} is not an int8 frozen weight or its scale is not
   *     declared
   */
  public static Value scale(Value weight) {
    if (storage(weight) != Storage.I8) {
      throw new ShapeException(
          "'" + weight.name() + "' is held as " + weight.dtype() + ", not as an int8 weight");
    }
    String name = scaleName(weight.name());
    return weight
        .graph()
        .find(name)
        .filter(v -> v.kind() == Value.Kind.WEIGHT)
        .orElseThrow(
            () ->
                new ShapeException(
                    "int8 weight '"
                        + weight.name()
                        + "' has no scale weight '"
                        + name
                        + "' in its graph; declare both, as "
                        + "EvaBackbone does for weights quantized by io.visft.core.nn.Int8Weights"));
  }

  /**
   * The storage of frozen weight {@code weight}.
   *
   * @throws ShapeException when {@code weight} is not a frozen weight or its type is not one of
   *     {@link Storage}
   */
  public static Storage storage(Value weight) {
    if (weight.kind() != Value.Kind.WEIGHT) {
      throw new ShapeException(
          "'"
              + weight.name()
              + "' is a "
              + weight.kind()
              + " value, not a frozen weight; declare"
              + " it with Graph.weight");
    }
    return Storage.of(weight.dtype())
        .orElseThrow(
            () ->
                new ShapeException(
                    "frozen weight '"
                        + weight.name()
                        + "' has dtype "
                        + weight.dtype()
                        + "; weights are held as F32, F16, BF16 or int8 — convert the checkpoint"));
  }

  /**
   * {@code weight} as F32 for one use site: the weight itself when held as F32, else a new read
   * node ({@code Cast} to F32, exact).
   *
   * @param weight a frozen weight of any shape
   * @return an F32 value of the weight's shape
   */
  public static Value read(Ops o, Value weight) {
    if (storage(weight) == Storage.I8) {
      throw new ShapeException(
          "int8 weight '"
              + weight.name()
              + "' is read only by a linear layer's integer product "
              + "(io.visft.core.nn.Linear); keep this weight in F32, F16 or BF16 for its other uses");
    }
    if (!storage(weight).widened()) {
      return weight;
    }
    return o.cast(weight, DType.F32);
  }

  /** True when {@code v} is a read node's output ({@link #read}) of a 16-bit frozen weight. */
  public static boolean isRead(Value v) {
    return v.dtype() == DType.F32
        && v.producer()
            .filter(
                n ->
                    n.op() == Op.CAST
                        && n.input(0).kind() == Value.Kind.WEIGHT
                        && Storage.of(n.input(0).dtype()).filter(Storage::widened).isPresent())
            .isPresent();
  }

  /**
   * A fresh read of the weight behind {@code v} when {@code v} is a read node's output, else {@code
   * v}: a backward rule that needs the weight reads it again instead of keeping the forward read
   * alive until then.
   */
  public static Value reread(Ops o, Value v) {
    return isRead(v) ? read(o, v.producer().orElseThrow().input(0)) : v;
  }

  /** True when {@code n} is a read node ({@link #read}) of a 16-bit frozen weight. */
  public static boolean isReadNode(Node n) {
    return isRead(n.output(0));
  }
}

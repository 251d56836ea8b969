package io.visft.heads.detection;

import static io.visft.heads.detection.ParameterInit.FAN_IN_UNIFORM;
import static io.visft.heads.detection.ParameterInit.ONES;
import static io.visft.heads.detection.ParameterInit.STANDARD_NORMAL;
import static io.visft.heads.detection.ParameterInit.XAVIER_UNIFORM;
import static io.visft.heads.detection.ParameterInit.ZEROS;

import io.visft.api.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parameters of the detection head: checkpoint names, shapes and initialisation, in the layout
 * of the released ViSFT heads (module names of DETR / UniT under {@link #PREFIX}). With {@code E} =
 * encoderDim, {@code D} = decoderDim, {@code F} = feedForwardDim, {@code C} = featureDim, linear
 * weights {@code [out, in]}:
 *
 * <pre>
 * input_proj.weight [E, C, 1, 1], input_proj.bias [E]                       1×1 convolution
 * transformer.task_embeddings_enc.weight [taskEmbeddings, E]                task token table
 * transformer.encoder.layers.{i}.self_attn.in_proj_weight [3E, E]           rows q, k, v
 *                              .self_attn.in_proj_bias [3E]
 *                              .self_attn.out_proj.weight [E, E], .bias [E]
 *                              .linear1.weight [F, E], .bias [F]
 *                              .linear2.weight [E, F], .bias [E]
 *                              .norm1.weight/.bias [E], .norm2.weight/.bias [E]
 * transformer.enc2dec_proj.weight [D, E], .bias [D]                         only when E ≠ D
 * transformer.pos_embed_proj.weight [D, E], .bias [D]                       only when E ≠ D
 * transformer.decoders.detection.detection_coco.layers.{i}.self_attn.*      as above, width D
 *                              .multihead_attn.* (cross-attention), .linear1, .linear2,
 *                              .norm1, .norm2, .norm3
 * transformer.decoders.detection.detection_coco.norm.weight/.bias [D]       shared final norm
 * query_embeds.detection.detection_coco.weight [numQueries, D]
 * class_embeds.weight [numClasses + 1, D], class_embeds.bias [numClasses + 1]
 * bbox_embeds.layers.{0,1}.weight [D, D], .bias [D]; bbox_embeds.layers.2.weight [4, D], .bias [4]
 * </pre>
 *
 * Attention tensors are named as {@code torch.nn.MultiheadAttention} names them. Initialisation
 * follows the release: the encoder's and the projections' matrices Xavier-uniform (DETR's {@code
 * _reset_parameters}), attention input matrices Xavier-uniform with zero biases, other linear and
 * convolution tensors PyTorch's default {@code U(±1/√fan_in)}, embeddings standard normal,
 * LayerNorms ones and zeros. Stateless.
 */
public final class DetectionParameters {

  /** Prefix of every ViSFT head parameter. */
  public static final String PREFIX = "visft_heads.";

  static final String INPUT_PROJ = PREFIX + "input_proj.";
  static final String TRANSFORMER = PREFIX + "transformer.";
  static final String TASK_EMBEDDINGS = TRANSFORMER + "task_embeddings_enc.weight";
  static final String ENC2DEC_PROJ = TRANSFORMER + "enc2dec_proj.";
  static final String POS_EMBED_PROJ = TRANSFORMER + "pos_embed_proj.";
  static final String DECODER = TRANSFORMER + "decoders.detection.detection_coco.";
  static final String DECODER_NORM = DECODER + "norm.";
  static final String QUERY_EMBEDDINGS = PREFIX + "query_embeds.detection.detection_coco.weight";
  static final String CLASS_EMBED = PREFIX + "class_embeds.";
  static final String SELF_ATTENTION = "self_attn.";
  static final String CROSS_ATTENTION = "multihead_attn.";

  /** Layers of the box MLP (256 → 256 → 256 → 4). */
  static final int BOX_MLP_LAYERS = 3;

  private DetectionParameters() {}

  /**
   * One parameter.
   *
   * @param name checkpoint name, starting with {@link #PREFIX}
   * @param shape dimensions
   * @param init distribution at initialisation
   * @param fanIn inputs per output of its layer (for {@link ParameterInit#FAN_IN_UNIFORM} and
   *     {@link ParameterInit#XAVIER_UNIFORM})
   * @param fanOut outputs of its layer (for {@link ParameterInit#XAVIER_UNIFORM})
   */
  public record Spec(String name, long[] shape, ParameterInit init, int fanIn, int fanOut) {

    public Spec {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }

    /** A freshly drawn F32 tensor of this parameter. */
    public HostTensor initialise(SplittableRandom random) {
      return init.draw(shape, fanIn, fanOut, random);
    }

    @Override
    public String toString() {
      return name + Arrays.toString(shape);
    }
  }

  /** Every parameter of a head with this configuration, in checkpoint order. */
  public static List<Spec> of(DetectionHeadConfig c) {
    int e = c.encoderDim();
    int d = c.decoderDim();
    int f = c.feedForwardDim();
    List<Spec> out = new ArrayList<>();
    out.add(
        new Spec(
            INPUT_PROJ + "weight",
            dims(e, c.featureDim(), 1, 1),
            FAN_IN_UNIFORM,
            c.featureDim(),
            e));
    out.add(new Spec(INPUT_PROJ + "bias", dims(e), FAN_IN_UNIFORM, c.featureDim(), e));
    out.add(new Spec(TASK_EMBEDDINGS, dims(c.taskEmbeddings(), e), STANDARD_NORMAL, 0, 0));
    for (int i = 0; i < c.encoderLayers(); i++) {
      String layer = encoderLayer(i);
      attention(out, layer + SELF_ATTENTION, e, XAVIER_UNIFORM);
      linear(out, layer + "linear1.", e, f, XAVIER_UNIFORM);
      linear(out, layer + "linear2.", f, e, XAVIER_UNIFORM);
      norm(out, layer + "norm1.", e);
      norm(out, layer + "norm2.", e);
    }
    if (c.projectsToDecoder()) {
      linear(out, ENC2DEC_PROJ, e, d, XAVIER_UNIFORM);
      linear(out, POS_EMBED_PROJ, e, d, XAVIER_UNIFORM);
    }
    for (int i = 0; i < c.decoderLayers(); i++) {
      String layer = decoderLayer(i);
      attention(out, layer + SELF_ATTENTION, d, FAN_IN_UNIFORM);
      attention(out, layer + CROSS_ATTENTION, d, FAN_IN_UNIFORM);
      linear(out, layer + "linear1.", d, f, FAN_IN_UNIFORM);
      linear(out, layer + "linear2.", f, d, FAN_IN_UNIFORM);
      norm(out, layer + "norm1.", d);
      norm(out, layer + "norm2.", d);
      norm(out, layer + "norm3.", d);
    }
    norm(out, DECODER_NORM, d);
    out.add(new Spec(QUERY_EMBEDDINGS, dims(c.numQueries(), d), STANDARD_NORMAL, 0, 0));
    linear(out, CLASS_EMBED, d, c.classSlots(), FAN_IN_UNIFORM);
    for (int i = 0; i < BOX_MLP_LAYERS; i++) {
      linear(out, boxLayer(i), d, i == BOX_MLP_LAYERS - 1 ? 4 : d, FAN_IN_UNIFORM);
    }
    return Collections.unmodifiableList(out);
  }

  /** Name prefix of encoder layer {@code i}, ending with a dot. */
  static String encoderLayer(int i) {
    return TRANSFORMER + "encoder.layers." + i + ".";
  }

  /** Name prefix of decoder layer {@code i}, ending with a dot. */
  static String decoderLayer(int i) {
    return DECODER + "layers." + i + ".";
  }

  /** Name prefix of box MLP layer {@code i}, ending with a dot. */
  static String boxLayer(int i) {
    return PREFIX + "bbox_embeds.layers." + i + ".";
  }

  /**
   * A {@code torch.nn.MultiheadAttention}: the fused input projection (Xavier-uniform, zero bias)
   * and the output projection ({@code outInit} weight, zero bias).
   */
  private static void attention(List<Spec> out, String prefix, int width, ParameterInit outInit) {
    out.add(
        new Spec(
            prefix + "in_proj_weight", dims(3 * width, width), XAVIER_UNIFORM, width, 3 * width));
    out.add(new Spec(prefix + "in_proj_bias", dims(3 * width), ZEROS, width, 3 * width));
    out.add(new Spec(prefix + "out_proj.weight", dims(width, width), outInit, width, width));
    out.add(new Spec(prefix + "out_proj.bias", dims(width), ZEROS, width, width));
  }

  /** A {@code torch.nn.Linear}: {@code weightInit} weight, default {@code U(±1/√in)} bias. */
  private static void linear(
      List<Spec> out, String prefix, int in, int outWidth, ParameterInit weightInit) {
    out.add(new Spec(prefix + "weight", dims(outWidth, in), weightInit, in, outWidth));
    out.add(new Spec(prefix + "bias", dims(outWidth), FAN_IN_UNIFORM, in, outWidth));
  }

  private static void norm(List<Spec> out, String prefix, int width) {
    out.add(new Spec(prefix + "weight", dims(width), ONES, width, width));
    out.add(new Spec(prefix + "bias", dims(width), ZEROS, width, width));
  }

  private static long[] dims(long... d) {
    return d;
  }
}

package io.visft.core.autodiff;

import io.visft.core.graph.Differentiability;
import io.visft.core.graph.Op;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one registry of vector-Jacobian rules, keyed by {@link Op}. Every op the table marks {@link
 * Differentiability#RULE} has exactly one entry here (a test enforces it).
 */
public final class GradientRegistry {
  private static final Map<Op, GradientRule> RULES = new EnumMap<>(Op.class);

  static {
    RULES.put(Op.ADD, ElementwiseRules::add);
    RULES.put(Op.SUB, ElementwiseRules::sub);
    RULES.put(Op.MUL, ElementwiseRules::mul);
    RULES.put(Op.DIV, ElementwiseRules::div);
    RULES.put(Op.POW, ElementwiseRules::pow);
    RULES.put(Op.MIN, c -> ElementwiseRules.minMax(c, false));
    RULES.put(Op.MAX, c -> ElementwiseRules.minMax(c, true));
    RULES.put(Op.NEG, ElementwiseRules::neg);
    RULES.put(Op.ABS, ElementwiseRules::abs);
    RULES.put(Op.SQRT, ElementwiseRules::sqrt);
    RULES.put(Op.EXP, ElementwiseRules::exp);
    RULES.put(Op.LOG, ElementwiseRules::log);
    RULES.put(Op.TANH, ElementwiseRules::tanh);
    RULES.put(Op.SIGMOID, ElementwiseRules::sigmoid);
    RULES.put(Op.RELU, ElementwiseRules::relu);
    RULES.put(Op.ERF, ElementwiseRules::erf);
    RULES.put(Op.GELU, ElementwiseRules::gelu);
    RULES.put(Op.SIN, ElementwiseRules::sin);
    RULES.put(Op.COS, ElementwiseRules::cos);
    RULES.put(Op.IDENTITY, ElementwiseRules::identity);
    RULES.put(Op.CAST, ElementwiseRules::cast);
    RULES.put(Op.CLIP, ElementwiseRules::clip);
    RULES.put(Op.WHERE, ElementwiseRules::where);
    RULES.put(Op.MATMUL, LinearAlgebraRules::matmul);
    RULES.put(Op.GEMM, LinearAlgebraRules::gemm);
    RULES.put(Op.DYNAMIC_QUANTIZE_MAT_MUL, LinearAlgebraRules::dynamicQuantizeMatMul);
    RULES.put(Op.SOFTMAX, LinearAlgebraRules::softmax);
    RULES.put(Op.LOG_SOFTMAX, LinearAlgebraRules::logSoftmax);
    RULES.put(Op.LAYER_NORMALIZATION, LinearAlgebraRules::layerNorm);
    RULES.put(Op.REDUCE_SUM, ReductionRules::reduceSum);
    RULES.put(Op.REDUCE_MEAN, ReductionRules::reduceMean);
    RULES.put(Op.REDUCE_MAX, ReductionRules::reduceMax);
    RULES.put(Op.RESHAPE, LayoutRules::reshapeBack);
    RULES.put(Op.SQUEEZE, LayoutRules::reshapeBack);
    RULES.put(Op.UNSQUEEZE, LayoutRules::reshapeBack);
    RULES.put(Op.TRANSPOSE, LayoutRules::transpose);
    RULES.put(Op.CONCAT, LayoutRules::concat);
    RULES.put(Op.SPLIT, LayoutRules::split);
    RULES.put(Op.SLICE, LayoutRules::slice);
    RULES.put(Op.PAD, LayoutRules::pad);
    RULES.put(Op.EXPAND, LayoutRules::expand);
    RULES.put(Op.GATHER, LayoutRules::gather);
    RULES.put(Op.GATHER_ELEMENTS, LayoutRules::gatherElements);
    RULES.put(Op.GATHER_ND, LayoutRules::gatherNd);
    RULES.put(Op.SCATTER_ELEMENTS, LayoutRules::scatterElements);
    RULES.put(Op.SCATTER_ND, LayoutRules::scatterNd);
    RULES.put(Op.CONV, ConvRules::conv);
  }

  private GradientRegistry() {}

  /** The rule of {@code op}, if it has one. */
  public static Optional<GradientRule> rule(Op op) {
    return Optional.ofNullable(RULES.get(op));
  }
}

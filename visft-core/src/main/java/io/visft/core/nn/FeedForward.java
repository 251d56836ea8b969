package io.visft.core.nn;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import java.util.function.UnaryOperator;

/**
 * The position-wise feed-forward block of a transformer layer, {@code linear2(hidden(linear1(x)))},
 * where {@code hidden} is the activation (and, in training, the dropout DETR puts after it).
 *
 * @param inWeight {@code linear1.weight}, {@code [hidden, d]}
 * @param inBias {@code linear1.bias}, {@code [hidden]}
 * @param outWeight {@code linear2.weight}, {@code [d, hidden]}
 * @param outBias {@code linear2.bias}, {@code [d]}
 */
public record FeedForward(Value inWeight, Value inBias, Value outWeight, Value outBias) {

  /**
   * @param x {@code [..., d]}
   * @param hidden applied to the hidden layer {@code [..., hidden]}, e.g. {@code o::relu}
   * @return {@code [..., d]}
   */
  public Value apply(Ops o, Value x, UnaryOperator<Value> hidden) {
    return Linear.apply(o, hidden.apply(Linear.apply(o, x, inWeight, inBias)), outWeight, outBias);
  }
}

package io.visft.heads.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.runtime.GraphSession;
import io.visft.core.runtime.RuntimeOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gradients of every prediction set with respect to the backbone features, with the head's weights
 * frozen (stage 2), against central differences: {@code <v, J u>} versus {@code <Jᵀ v, u>}.
 *
 * <p>The head is float32-only (ONNX Runtime's CPU Conv has no double kernel), and it has kinks
 * (ReLU, bilinear sampling) and a piecewise-constant attention mask; a small step (1e-3 along a
 * unit direction) keeps crossings rare while float32 rounding stays far below the 1% tolerance.
 */
class SegmentationGraphGradientTest {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentationGraphGradientTest.class);
  private static final double STEP = 1e-3;
  private static final double RELATIVE = 1e-2;

  @Test
  void featureGradientsMatchCentralDifferences() {
    SegmentationFixture fixture = SegmentationFixture.load();
    SegmentationHeadConfig config = SegmentationFixture.CONFIG;
    HostTensor features = fixture.tensor("input.features");
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("features", DType.F32, features.shape());
    SegmentationGraph.Forward f =
        SegmentationGraph.forward(
            o, config, SegmentationGraph.frozenWeights(g, fixture.params()), x);
    List<Value> outputs = new ArrayList<>();
    for (int i = 0; i < f.sets().size(); i++) {
      outputs.add(f.sets().get(i).classLogits());
      outputs.add(f.sets().get(i).maskLogits());
    }
    Random random = new Random(5);
    List<Value> cotangents = new ArrayList<>();
    Map<String, HostTensor> feeds = new LinkedHashMap<>();
    for (int j = 0; j < outputs.size(); j++) {
      Value out = outputs.get(j);
      cotangents.add(g.input("v" + j, DType.F32, out.shape()));
      feeds.put(
          "v" + j, HostTensor.ofFloats(gaussian(random, (int) out.type().numel()), out.shape()));
    }
    Value objective = null;
    for (int j = 0; j < outputs.size(); j++) {
      Value term = o.reduceSum(o.mul(outputs.get(j), cotangents.get(j)), false);
      objective = objective == null ? term : o.add(objective, term);
    }
    Value gradient = Autodiff.vjp(outputs, cotangents, List.of(x)).get(x);

    float[] base = features.toFloatArray();
    float[] direction = gaussian(random, base.length);
    double norm = 0;
    for (float d : direction) {
      norm += d * d;
    }
    for (int i = 0; i < direction.length; i++) {
      direction[i] /= (float) Math.sqrt(norm);
    }
    try (GraphSession s =
        GraphSession.create(
            OnnxExporter.export(g, Map.of("objective", objective, "gradient", gradient), Map.of()),
            RuntimeOptions.cpu())) {
      feeds.forEach(s::setInput);
      double plus = evaluate(s, base, direction, STEP, features.shape());
      double minus = evaluate(s, base, direction, -STEP, features.shape());
      evaluate(s, base, direction, 0, features.shape());
      float[] grad = s.outputCopy("gradient").toFloatArray();
      double vjp = 0;
      for (int i = 0; i < grad.length; i++) {
        vjp += (double) grad[i] * direction[i];
      }
      double fd = (plus - minus) / (2 * STEP);
      LOG.info("<v, J u> by central differences {}, <J^T v, u> {}", fd, vjp);
      assertEquals(
          fd,
          vjp,
          RELATIVE * Math.max(1, Math.abs(fd)),
          "directional derivative of sum(v * outputs) along a unit direction of the features");
    }
  }

  private static double evaluate(
      GraphSession s, float[] base, float[] direction, double step, long[] shape) {
    float[] x = new float[base.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (base[i] + step * direction[i]);
    }
    s.setInput("features", HostTensor.ofFloats(x, shape));
    s.run();
    return s.output("objective").get(0);
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}

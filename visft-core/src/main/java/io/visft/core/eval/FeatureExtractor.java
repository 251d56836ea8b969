package io.visft.core.eval;

import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A frozen backbone seen as a function from pixels to a dense feature map, e.g. an EVA backbone
 * with or without a LoRA adapter.
 */
@FunctionalInterface
public interface FeatureExtractor {

  /**
   * @param pixels {@code [batch, 3, H, W]} F32, ImageNet-normalised
   * @return {@code [batch, C, h, w]} F32 (a new tensor owned by the caller)
   */
  HostTensor features(HostTensor pixels);

  /**
   * An extractor over a function that gives one embedding per image ({@code [batch, E]}, e.g. the
   * EVA-CLIP visual tower): each embedding comes back as a 1×1 map {@code [batch, E, 1, 1]}, so the
   * mean {@link ImageEmbedder} takes is the embedding itself.
   */
  static FeatureExtractor ofEmbeddings(UnaryOperator<HostTensor> embed) {
    return pixels -> {
      HostTensor e = embed.apply(pixels);
      long[] s = e.shape();
      if (s.length != 2) {
        throw new ShapeException(
            "an embedding function must return [batch, E], got " + Arrays.toString(s));
      }
      return new HostTensor(e.dtype(), new long[] {s[0], s[1], 1, 1}, e.data());
    };
  }
}

package io.visft.core.eval.zeroshot;

import io.visft.api.ConfigException;
import io.visft.api.ShapeException;
import io.visft.core.eval.FeatureMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompt templates for zero-shot classification, CLIP's recipe: every class name is put into each
 * template ({@code {}} marks the place), each prompt is embedded and L2-normalised, the prompts of
 * a class are averaged, and the mean is L2-normalised again.
 *
 * @param templates at least one, each with exactly one {@code {}}
 */
public record PromptTemplates(List<String> templates) {
  /** Where the class name goes. */
  public static final String SLOT = "{}";

  public PromptTemplates {
    templates = List.copyOf(templates);
    if (templates.isEmpty()) {
      throw new ConfigException(
          "prompt templates are empty; give at least one, e.g. [\"a photo of a {}.\"]");
    }
    for (String t : templates) {
      if (t.indexOf(SLOT) < 0 || t.indexOf(SLOT) != t.lastIndexOf(SLOT)) {
        throw new ConfigException(
            "prompt template '"
                + t
                + "' must hold exactly one "
                + SLOT
                + " where the class name goes, e.g. \"a photo of a {}.\"");
      }
    }
  }

  /** CLIP's single ImageNet prompt, {@code "a photo of a {}."}. */
  public static PromptTemplates photo() {
    return new PromptTemplates(List.of("a photo of a {}."));
  }

  /** {@code template} with {@code className} in its slot. */
  public static String fill(String template, String className) {
    return template.replace(SLOT, className);
  }

  /**
   * One unit-norm embedding per class.
   *
   * @param classNames K names
   * @return {@code [K, E]} rows in class order, texts = the class names
   */
  public TextEmbeddings classEmbeddings(TextEncoder encoder, List<String> classNames) {
    List<String> prompts = new ArrayList<>();
    for (String name : classNames) {
      for (String t : templates) {
        prompts.add(fill(t, name));
      }
    }
    FeatureMatrix raw = encoder.encode(prompts);
    if (raw.rows() != prompts.size()) {
      throw new ShapeException(
          encoder.describe()
              + " returned "
              + raw.rows()
              + " embeddings for "
              + prompts.size()
              + " prompts");
    }
    double[][] unit = UnitRows.of(raw);
    int dim = raw.dim();
    float[] out = new float[classNames.size() * dim];
    for (int k = 0; k < classNames.size(); k++) {
      double[] mean = new double[dim];
      for (int t = 0; t < templates.size(); t++) {
        double[] row = unit[k * templates.size() + t];
        for (int c = 0; c < dim; c++) {
          mean[c] += row[c] / templates.size();
        }
      }
      double norm = 0;
      for (double v : mean) {
        norm += v * v;
      }
      double scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (int c = 0; c < dim; c++) {
        out[k * dim + c] = (float) (mean[c] * scale);
      }
    }
    return new TextEmbeddings(
        classNames, new FeatureMatrix(classNames.size(), dim, out), encoder.describe());
  }
}

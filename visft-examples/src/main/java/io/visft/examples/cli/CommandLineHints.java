package io.visft.examples.cli;

import io.visft.core.runtime.RuntimeOptions;
import io.visft.core.vit.EvaLoadOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The library's messages name remedies as Java settings; where the command line offers a setting as
 * a flag, its error messages name the flag instead.
 */
final class CommandLineHints {
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put(EvaLoadOptions.DEPTH_FROM_CHECKPOINT_SETTING, "--allow-lavis-layout");
    FLAGS.put(RuntimeOptions.CPU_SETTING, "--device cpu");
    FLAGS.put(RuntimeOptions.CUDA_SETTING, "--device cuda");
  }

  private CommandLineHints() {}

  /**
   * {@code message} with every Java setting the command line has a flag for replaced by the flag.
   */
  static String rewrite(String message) {
    String out = message;
    for (Map.Entry<String, String> e : FLAGS.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }
}

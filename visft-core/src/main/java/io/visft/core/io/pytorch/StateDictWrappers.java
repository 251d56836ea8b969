package io.visft.core.io.pytorch;

import java.util.Collection;
import java.util.List;

/**
 * Finds the wrapper keys that training code puts around a state dict: {@code {"state_dict": ...}}
 * (Lightning and many training scripts), {@code {"model": ...}} (timm, DeiT, EVA), {@code
 * {"module": ...}} (DeepSpeed) and the {@code module.} prefix of DataParallel.
 */
public final class StateDictWrappers {

  /** Keys stripped when they wrap every tensor, outermost first in no particular order. */
  public static final List<String> WRAPPER_KEYS = List.of("state_dict", "model", "module");

  private StateDictWrappers() {}

  /**
   * The dotted prefix made only of wrapper keys that every tensor name starts with, such as {@code
   * "state_dict."} or {@code "model.module."}; empty if the names share none. A wrapper is stripped
   * only when it holds every tensor (non-tensor entries beside it, such as an epoch counter, do not
   * count) and never when a name would become empty.
   *
   * @param tensorNames flattened tensor names, such as {@code state_dict.visual.pos_embed}
   */
  public static String commonWrapperPrefix(Collection<String> tensorNames) {
    StringBuilder prefix = new StringBuilder();
    while (!tensorNames.isEmpty()) {
      String wrapper = sharedWrapper(tensorNames, prefix.length());
      if (wrapper == null) {
        break;
      }
      prefix.append(wrapper).append('.');
    }
    return prefix.toString();
  }

  private static String sharedWrapper(Collection<String> names, int from) {
    for (String wrapper : WRAPPER_KEYS) {
      String segment = wrapper + ".";
      if (names.stream()
          .allMatch(n -> n.startsWith(segment, from) && n.length() > from + segment.length())) {
        return wrapper;
      }
    }
    return null;
  }
}

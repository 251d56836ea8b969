package io.visft.core.io.pytorch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A Python tuple decoded from a pickle; kept apart from lists, which pickles build by appending.
 *
 * @param items the elements, unmodifiable; {@code null} stands for Python's {@code None}
 */
record PyTuple(List<Object> items) {

  PyTuple {
    items = Collections.unmodifiableList(new ArrayList<>(items));
  }

  static PyTuple of(Object... items) {
    return new PyTuple(Arrays.asList(items));
  }

  int size() {
    return items.size();
  }

  Object get(int index) {
    return items.get(index);
  }
}

package io.visft.core.vit;

import io.visft.core.graph.Value;
import java.util.Map;

/** A {@link LinearLayer} that adds trainable tensors (an adapter) to the graph it builds. */
public interface AdapterLayer extends LinearLayer {

  /** The adapter's graph inputs created during the build, by parameter name. */
  Map<String, Value> trainableInputs();
}

package io.visft.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.visft.api.DType;
import io.visft.core.graph.Graph;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import io.visft.core.onnx.proto.OnnxProto.StringStringEntryProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code metadata_props} come in key order whatever the given map's order, so equal metadata gives
 * equal bytes.
 */
class OnnxMetadataOrderTest {

  @Test
  void metadataPropsAreSortedByKey() throws Exception {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("visft.graph", "g");
    forward.put("visft.adapter", "a");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("visft.adapter", "a");
    backward.put("visft.graph", "g");

    byte[] p = export(forward);
    byte[] q = export(backward);

    assertArrayEquals(p, q, "the same metadata in another map order");
    assertEquals(
        List.of("visft.adapter", "visft.graph"),
        ModelProto.parseFrom(p).getMetadataPropsList().stream()
            .map(StringStringEntryProto::getKey)
            .toList());
  }

  private static byte[] export(Map<String, String> metadata) {
    Graph g = new Graph();
    Value x = g.input("x", DType.F32, 2);
    return OnnxExporter.export(g, Map.of("y", new Ops(g).mul(x, x)), metadata).proto();
  }
}

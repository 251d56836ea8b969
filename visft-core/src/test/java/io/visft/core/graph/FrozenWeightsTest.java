package io.visft.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.autodiff.Autodiff;
import io.visft.core.onnx.OnnxExporter;
import io.visft.core.onnx.proto.OnnxProto.ModelProto;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrozenWeightsTest {

  @ParameterizedTest
  @EnumSource(value = FrozenWeights.Storage.class, names = "I8", mode = EnumSource.Mode.EXCLUDE)
  void eachStorageIsFoundByItsDtypeAndReadAsF32(FrozenWeights.Storage storage) {
    Graph g = new Graph();
    Value w = g.weight("w", storage.dtype(), 3, 2);
    Value read = FrozenWeights.read(new Ops(g), w);

    assertEquals(storage, FrozenWeights.Storage.of(storage.dtype()).orElseThrow());
    assertEquals(storage, FrozenWeights.storage(w));
    assertEquals(TensorType.of(DType.F32, 3, 2), read.type());
    assertEquals(storage.widened(), FrozenWeights.isRead(read));
    if (storage.widened()) {
      assertEquals(Op.CAST, read.producer().orElseThrow().op());
    } else {
      assertSame(w, read);
    }
  }

  @Test
  void anInt8WeightIsFoundWithItsScaleAndIsNotReadAsF32() {
    Graph g = new Graph();
    Value w = g.weight("blocks.0.mlp.fc1.weight", DType.I8, 3, 2);
    assertEquals(FrozenWeights.Storage.I8, FrozenWeights.storage(w));
    ShapeException noScale = assertThrows(ShapeException.class, () -> FrozenWeights.scale(w));
    assertTrue(
        noScale.getMessage().contains("blocks.0.mlp.fc1.weight_scale"), noScale.getMessage());
    Value scale = g.weight(FrozenWeights.scaleName(w.name()), DType.F32, 3);
    assertSame(scale, FrozenWeights.scale(w));
    ShapeException read =
        assertThrows(ShapeException.class, () -> FrozenWeights.read(new Ops(g), w));
    assertTrue(read.getMessage().contains("read only by a linear layer"), read.getMessage());
  }

  @Test
  void everyReadIsItsOwnNode() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value w = g.weight("w", DType.F16, 4);
    Value first = FrozenWeights.read(o, w);

    assertNotSame(first, FrozenWeights.read(o, w));
    Value again = FrozenWeights.reread(o, first);
    assertNotSame(first, again);
    assertSame(w, again.producer().orElseThrow().input(0));
    Value activation = g.input("x", DType.F32, 4);
    assertSame(activation, FrozenWeights.reread(o, activation), "only weight reads are read again");
  }

  @Test
  void otherDtypesAndOtherKindsAreRejected() {
    Graph g = new Graph();
    assertTrue(FrozenWeights.Storage.of(DType.I64).isEmpty());
    ShapeException dtype =
        assertThrows(
            ShapeException.class,
            () -> FrozenWeights.read(new Ops(g), g.weight("ids", DType.I64, 2)));
    assertTrue(dtype.getMessage().contains("'ids' has dtype I64"), dtype.getMessage());
    ShapeException kind =
        assertThrows(
            ShapeException.class, () -> FrozenWeights.read(new Ops(g), g.input("x", DType.F16, 2)));
    assertTrue(kind.getMessage().contains("'x' is a INPUT value"), kind.getMessage());
  }

  @Test
  void theBackwardReadsTheWeightAgainAndTheExporterPlacesReadsFirst() {
    Graph g = new Graph();
    Ops o = new Ops(g);
    Value x = g.input("x", DType.F32, 2, 3);
    Value w = g.weight("w", new HostTensor(DType.BF16, new long[] {4, 3}, ByteBuffer.allocate(24)));
    Value y = o.gemm(x, FrozenWeights.read(o, w), null, 1f, 1f, false, true);
    Value loss = o.reduceSum(o.mul(y, y), false);
    Value dx = Autodiff.gradients(loss, List.of(x)).get(x);

    List<Node> reads = g.nodes().stream().filter(FrozenWeights::isReadNode).toList();
    List<Node> consumers =
        g.nodes().stream()
            .filter(
                n ->
                    n.inputs().stream()
                        .anyMatch(v -> v != null && reads.stream().anyMatch(r -> r.output(0) == v)))
            .toList();
    assertTrue(reads.size() >= 2, "forward and backward read the weight separately: " + reads);
    consumers.forEach(
        n ->
            assertEquals(
                1, n.inputs().stream().filter(v -> v != null && FrozenWeights.isRead(v)).count()));

    ModelProto model = parse(OnnxExporter.export(g, Map.of("dx", dx), Map.of()).proto());
    long exportedReads =
        model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Cast")).count();
    assertEquals(2, exportedReads, "one read for the forward product, one for the input gradient");
    for (int i = 0; i < exportedReads; i++) {
      assertEquals(
          "Cast", model.getGraph().getNode(i).getOpType(), "reads come first in the model");
    }
    assertFalse(model.getGraph().getNode((int) exportedReads).getOpType().equals("Cast"));
  }

  private static ModelProto parse(byte[] proto) {
    try {
      return ModelProto.parseFrom(proto);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}

package io.visft.core.data.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.core.data.geometry.Box;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BinaryMaskTest {

  @Test
  void rectangleHasItsOwnEdgesAsBoundingBox() {
    BinaryMask m = BinaryMask.rectangle(6, 8, 1, 2, 4, 7);
    assertEquals(3 * 5, m.count());
    assertEquals(Optional.of(new Box(2, 1, 7, 4)), m.boundingBox());
    assertTrue(m.get(3, 6) && !m.get(4, 6) && !m.get(3, 7));
    assertEquals(Optional.empty(), BinaryMask.zeros(3, 3).boundingBox());
    assertTrue(BinaryMask.zeros(3, 3).isEmpty());
  }

  @Test
  void becomesABoolTensor() {
    HostTensor t = BinaryMask.rectangle(2, 3, 0, 1, 1, 3).toTensor();
    assertEquals(DType.BOOL, t.dtype());
    assertArrayEquals(new long[] {2, 3}, t.shape());
    byte[] bytes = new byte[6];
    t.data().duplicate().get(bytes);
    assertArrayEquals(new byte[] {0, 1, 1, 0, 0, 0}, bytes);
  }

  @Test
  void rejectsValuesOtherThanZeroAndOne() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BinaryMask(1, 2, new byte[] {0, 2}));
    assertTrue(e.getMessage().contains("found 2 at index 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BinaryMask.rectangle(4, 4, 2, 0, 5, 1));
  }

  @Test
  void boxesFollowTheirImageExactly() {
    Box b = new Box(1, 2, 5, 6);
    assertEquals(new Box(5, 2, 9, 6), b.flipHorizontal(10));
    assertEquals(new Box(0, 0, 3, 4), b.cropTo(2, 2, 4, 3));
    assertTrue(b.cropTo(6, 0, 4, 10).isEmpty());
    assertEquals(new Box(2, 1, 10, 3), b.rescale(8, 10, 4, 20));
    assertEquals(16f, b.area());
    assertEquals(new Box(1, 2, 4, 6), Box.fromXywh(1, 2, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> new Box(3, 0, 1, 1));
  }
}

package io.visft.heads.detection;

import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * Box overlap of aligned pairs as graph composites, with the formulas of {@link
 * io.visft.core.data.geometry.BoxOps} (DETR's box utilities), so gradients flow to the predicted
 * boxes.
 */
final class BoxGeometry {

  private BoxGeometry() {}

  /**
   * The corners {@code x0, y0, x1, y1} of {@code (cx, cy, w, h)} boxes {@code [..., 4]}, each
   * {@code [..., 1]}.
   */
  private record Corners(Value x0, Value y0, Value x1, Value y1) {

    static Corners of(Ops o, Value cxcywh) {
      int last = cxcywh.rank() - 1;
      Value cx = o.slice(cxcywh, last, 0, 1);
      Value cy = o.slice(cxcywh, last, 1, 2);
      Value halfW = o.mul(o.slice(cxcywh, last, 2, 3), o.scalarLike(cxcywh, 0.5));
      Value halfH = o.mul(o.slice(cxcywh, last, 3, 4), o.scalarLike(cxcywh, 0.5));
      return new Corners(o.sub(cx, halfW), o.sub(cy, halfH), o.add(cx, halfW), o.add(cy, halfH));
    }

    Value area(Ops o) {
      return o.mul(o.sub(x1, x0), o.sub(y1, y0));
    }
  }

  /**
   * Generalized IoU of the aligned pairs {@code a[i], b[i]}: {@code IoU − (|C| − |A ∪ B|) / |C|}
   * with {@code C} the enclosing box.
   *
   * @param a {@code [..., 4]} normalised {@code (cx, cy, w, h)}
   * @param b {@code [..., 4]}, broadcastable against {@code a}
   * @return the broadcast shape without the last axis
   */
  static Value pairedGeneralizedIou(Ops o, Value a, Value b) {
    Corners p = Corners.of(o, a);
    Corners q = Corners.of(o, b);
    Value zero = o.scalarLike(a, 0);
    Value interW = o.max(o.sub(o.min(p.x1(), q.x1()), o.max(p.x0(), q.x0())), zero);
    Value interH = o.max(o.sub(o.min(p.y1(), q.y1()), o.max(p.y0(), q.y0())), zero);
    Value inter = o.mul(interW, interH);
    Value union = o.sub(o.add(p.area(o), q.area(o)), inter);
    Value enclosingW = o.max(o.sub(o.max(p.x1(), q.x1()), o.min(p.x0(), q.x0())), zero);
    Value enclosingH = o.max(o.sub(o.max(p.y1(), q.y1()), o.min(p.y0(), q.y0())), zero);
    Value enclosing = o.mul(enclosingW, enclosingH);
    Value giou = o.sub(o.div(inter, union), o.div(o.sub(enclosing, union), enclosing));
    return o.squeeze(giou, giou.rank() - 1);
  }
}

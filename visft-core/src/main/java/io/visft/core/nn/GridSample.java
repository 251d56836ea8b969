package io.visft.core.nn;

import io.visft.api.DType;
import io.visft.core.graph.Ops;
import io.visft.core.graph.Value;

/**
 * Bilinear sampling at fractional positions with zero padding outside the map, matching {@code
 * torch.nn.functional.grid_sample(..., mode='bilinear', padding_mode='zeros', align_corners=False)}
 * with grid = 2·point − 1 (Mask2Former's {@code point_sample}, and the core of deformable
 * attention). Built from table ops: gradients reach both the values and the points.
 */
public final class GridSample {
  private GridSample() {}

  /**
   * @param values {@code [N, C, H, W]}
   * @param points {@code [N, P, 2]}, (x, y) in [0, 1] relative to width and height
   * @return {@code [N, C, P]}
   */
  public static Value sample(Ops o, Value values, Value points) {
    long n = values.dim(0);
    long c = values.dim(1);
    long h = values.dim(2);
    long w = values.dim(3);
    long p = points.dim(1);
    Value px = o.squeeze(o.slice(points, 2, 0, 1), 2);
    Value py = o.squeeze(o.slice(points, 2, 1, 2), 2);
    Value x = o.sub(o.mul(px, o.scalarLike(px, w)), o.scalarLike(px, 0.5));
    Value y = o.sub(o.mul(py, o.scalarLike(py, h)), o.scalarLike(py, 0.5));
    Value x0 = o.floor(x);
    Value y0 = o.floor(y);
    Value fx = o.sub(x, x0);
    Value fy = o.sub(y, y0);
    Value one = o.scalarLike(x, 1);
    Value flat = o.reshape(values, n, c, h * w);
    Value result = null;
    for (int dy = 0; dy <= 1; dy++) {
      for (int dx = 0; dx <= 1; dx++) {
        Value xi = dx == 0 ? x0 : o.add(x0, one);
        Value yi = dy == 0 ? y0 : o.add(y0, one);
        Value wx = dx == 0 ? o.sub(one, fx) : fx;
        Value wy = dy == 0 ? o.sub(one, fy) : fy;
        Value inside =
            o.and(
                o.and(
                    o.not(o.less(xi, o.scalarLike(x, 0))),
                    o.not(o.greater(xi, o.scalarLike(x, w - 1)))),
                o.and(
                    o.not(o.less(yi, o.scalarLike(x, 0))),
                    o.not(o.greater(yi, o.scalarLike(x, h - 1)))));
        Value weight = o.mul(o.mul(wx, wy), o.cast(inside, x.dtype()));
        Value xc = o.clip(xi, 0, w - 1);
        Value yc = o.clip(yi, 0, h - 1);
        Value index = o.cast(o.add(o.mul(yc, o.scalarLike(x, w)), xc), DType.I64);
        Value gathered = o.gatherElements(flat, o.expand(o.reshape(index, n, 1, p), n, c, p), 2);
        Value term = o.mul(gathered, o.reshape(weight, n, 1, p));
        result = result == null ? term : o.add(result, term);
      }
    }
    return result;
  }
}

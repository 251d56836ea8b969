package io.visft.core.data.transform;

import static com.google.common.base.Preconditions.checkArgument;

import io.visft.api.DType;
import io.visft.api.HostTensor;
import io.visft.api.ShapeException;
import io.visft.core.data.mask.BinaryMask;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Brings pixel padding masks down to the ViT patch grid.
 *
 * <p>A patch is marked padded when its top-left pixel is padded: this is what DETR does with {@code
 * F.interpolate(mask, size=feature_size)} (nearest, which samples pixel {@code i * patch}). With
 * bottom/right padding a patch that is only partly padded therefore still counts as image, so no
 * real pixel is hidden from attention. Stateless and thread-safe.
 */
public final class PatchPadding {
  private PatchPadding() {}

  /**
   * A {@code [H, W]} pixel mask as a {@code [H / patch, W / patch]} patch mask; H and W must be
   * multiples of {@code patch}.
   */
  public static BinaryMask downsample(BinaryMask pixelMask, int patch) {
    HostTensor grid =
        downsample(
            new HostTensor(
                DType.BOOL,
                new long[] {1, pixelMask.height(), pixelMask.width()},
                ByteBuffer.wrap(pixelMask.bits())),
            patch);
    byte[] bits = new byte[grid.data().remaining()];
    grid.data().duplicate().get(bits);
    return new BinaryMask(pixelMask.height() / patch, pixelMask.width() / patch, bits);
  }

  /**
   * A BOOL {@code [batch, H, W]} pixel mask as a BOOL {@code [batch, H / patch, W / patch]} patch
   * mask; H and W must be multiples of {@code patch}.
   */
  public static HostTensor downsample(HostTensor pixelMask, int patch) {
    checkArgument(patch > 0, "patch size must be positive, got %s", patch);
    long[] shape = pixelMask.shape();
    if (pixelMask.dtype() != DType.BOOL
        || shape.length != 3
        || shape[1] % patch != 0
        || shape[2] % patch != 0) {
      throw new ShapeException(
          "pixel padding mask must be BOOL [batch, H, W] with H and W multiples of "
              + patch
              + ", got "
              + pixelMask.dtype()
              + " "
              + Arrays.toString(shape)
              + "; pad images with PatchSnap first");
    }
    int batch = (int) shape[0];
    int h = (int) shape[1];
    int w = (int) shape[2];
    int gh = h / patch;
    int gw = w / patch;
    ByteBuffer src = pixelMask.data();
    ByteBuffer out = ByteBuffer.allocate(batch * gh * gw);
    for (int b = 0; b < batch; b++) {
      for (int gy = 0; gy < gh; gy++) {
        for (int gx = 0; gx < gw; gx++) {
          out.put(src.get((b * h + gy * patch) * w + gx * patch));
        }
      }
    }
    out.flip();
    return new HostTensor(DType.BOOL, new long[] {batch, gh, gw}, out);
  }
}

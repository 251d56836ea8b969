package io.visft.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCaptionSetTest {
  @TempDir Path dir;

  @Test
  void keptAndOpenedSplitsGiveTheSameBatchesWithRotatingCaptions() throws Exception {
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(17, 3)).generate(dir);
    ImageCaptionSet kept = ImageCaptionSet.load(data.captionsJson(), data.imageDir(), 28);
    ImageCaptionSet opened = ImageCaptionSet.open(data.captionsJson(), data.imageDir(), 28);
    assertEquals(3, opened.imageCount());
    assertEquals(kept.imageIds(), opened.imageIds());
    for (long index = 0; index < 4; index++) {
      ImageCaptionSet.Batch a = kept.batch(index, 2);
      ImageCaptionSet.Batch b = opened.batch(index, 2);
      assertArrayEquals(new long[] {2, 3, 28, 28}, a.images().shape());
      assertArrayEquals(a.images().toFloatArray(), b.images().toFloatArray());
      assertEquals(a.captions(), b.captions());
    }
    // batch 1 of 2 holds images 2 and 0 (wrapping around) with captions (epoch + position) = 0 and
    // 1
    assertEquals(
        List.of(kept.captions().get(2).get(0), kept.captions().get(0).get(1)),
        kept.batch(1, 2).captions());

    Path image =
        data.imageDir()
            .resolve(Files.list(data.imageDir()).sorted().findFirst().orElseThrow().getFileName());
    Files.write(image, new byte[] {9, 9});
    FileFormatException e =
        assertThrows(
            FileFormatException.class,
            () -> {
              for (long index = 0; index < 3; index++) {
                opened.batch(index, 1);
              }
            });
    assertTrue(
        e.getMessage().contains(image.getFileName().toString())
            && e.getMessage().contains("image "),
        e.getMessage());
  }

  @Test
  void underSkipABadImageIsReplacedByTheNextWithItsOwnCaptions() throws Exception {
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(19, 3)).generate(dir);
    ImageCaptionSet good = ImageCaptionSet.load(data.captionsJson(), data.imageDir(), 28);
    Path bad = Files.list(data.imageDir()).sorted().findFirst().orElseThrow();
    Files.write(bad, new byte[] {1});
    for (ImageCaptionSet set :
        List.of(
            ImageCaptionSet.open(data.captionsJson(), data.imageDir(), 28, BadSamplePolicy.SKIP),
            ImageCaptionSet.load(data.captionsJson(), data.imageDir(), 28, BadSamplePolicy.SKIP))) {
      ImageCaptionSet.Batch b = set.batch(0, 1);
      assertArrayEquals(
          good.images(1, 1).toFloatArray(),
          b.images().toFloatArray(),
          "image 0 is replaced by image 1");
      assertEquals(good.captions().get(1).get(0), b.captions().get(0), "with image 1's caption");
    }
  }
}

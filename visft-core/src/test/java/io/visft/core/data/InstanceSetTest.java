package io.visft.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.FileFormatException;
import io.visft.core.data.coco.InstanceAnnotation;
import io.visft.core.data.geometry.Box;
import io.visft.core.data.image.RgbColor;
import io.visft.core.data.synthetic.SyntheticCocoConfig;
import io.visft.core.data.synthetic.SyntheticCocoGenerator;
import io.visft.core.data.synthetic.SyntheticDataset;
import io.visft.core.data.transform.Augmentations;
import io.visft.core.data.transform.DetrAugmentConfig;
import io.visft.core.data.transform.InstanceTarget;
import io.visft.core.data.transform.LargeScaleJitter;
import io.visft.core.data.transform.PatchSnap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceSetTest {

  @TempDir Path dir;

  @Test
  void resizesImagesBoxesAndMasksTogether() {
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(3, 4)).generate(dir);
    InstanceSet set = InstanceSet.load(data.instancesJson(), data.imageDir(), 56);

    assertEquals(4, set.imageCount());
    assertEquals(
        List.of(4L, 3L, 56L, 56L),
        List.of(
            set.images(0, 4).shape()[0],
            set.images(0, 4).shape()[1],
            set.images(0, 4).shape()[2],
            set.images(0, 4).shape()[3]));
    for (int i = 0; i < set.imageCount(); i++) {
      var image = set.image(i);
      List<InstanceAnnotation> original =
          set.groundTruth().instances(image.id()).stream().filter(a -> !a.crowd()).toList();
      assertEquals(original.size(), set.instances(i).size(), "objects of image " + image.id());
      for (int k = 0; k < original.size(); k++) {
        InstanceTarget t = set.instances(i).get(k);
        var b = original.get(k).bbox();
        assertEquals(b.x0() * 56 / image.width(), t.box().x0(), 1e-3);
        assertEquals(b.y1() * 56 / image.height(), t.box().y1(), 1e-3);
        assertEquals(56, t.mask().height());
        Box maskBox = t.mask().boundingBox().orElseThrow();
        assertTrue(
            Math.abs(maskBox.x0() - t.box().x0()) <= 2
                && Math.abs(maskBox.y1() - t.box().y1()) <= 2,
            "mask "
                + maskBox
                + " and box "
                + t.box()
                + " of image "
                + image.id()
                + " should agree to a pixel or two");
      }
    }
  }

  @Test
  void batchesWrapAroundDeterministically() {
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(5, 3)).generate(dir);
    InstanceSet set = InstanceSet.load(data.instancesJson(), data.imageDir(), 28);
    InstanceSet.Batch b = set.batch(1, 2);
    assertEquals(List.of(set.instances(2), set.instances(0)), b.instances());
    assertEquals(set.images(2, 1).toFloatArray()[5], b.images().toFloatArray()[5]);
    assertEquals(set.images(0, 1).toFloatArray()[7], b.images().toFloatArray()[3 * 28 * 28 + 7]);
  }

  @Test
  void augmentedBatchesArePaddedToTheCanvasAndRepeatByIndex() {
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(9, 5)).generate(dir);
    InstanceSet set = InstanceSet.load(data.instancesJson(), data.imageDir(), 56);
    InstanceSet.Augmentation detr =
        new InstanceSet.Augmentation(
            Augmentations.detectionTrain(
                DetrAugmentConfig.visft().scaledTo(56), new PatchSnap(14, RgbColor.grey(0.5f))),
            56,
            4);
    boolean sawPadding = false;
    for (long index = 0; index < 6; index++) {
      InstanceSet.Batch b = set.augmentedBatch(index, 3, detr);
      assertArrayEquals(new long[] {3, 3, 56, 56}, b.images().shape());
      assertArrayEquals(
          b.images().toFloatArray(),
          set.augmentedBatch(index, 3, detr).images().toFloatArray(),
          "batch " + index + " must be a function of its index");
      byte[] mask = new byte[3 * 56 * 56];
      b.paddingMask().data().duplicate().get(mask);
      for (int i = 0; i < 3; i++) {
        int h = b.imageSizes().get(i).height();
        int w = b.imageSizes().get(i).width();
        assertTrue(h > 0 && w > 0 && h <= 56 && w <= 56, "image size " + h + "x" + w);
        for (int y = 0; y < 56; y++) {
          for (int x = 0; x < 56; x++) {
            assertEquals(
                y >= h || x >= w, mask[(i * 56 + y) * 56 + x] != 0, "padding at " + y + "," + x);
          }
        }
        sawPadding |= h < 56 || w < 56;
        for (InstanceTarget t : b.instances().get(i)) {
          assertTrue(
              t.box().x1() <= w + 1e-3 && t.box().y1() <= h + 1e-3 && !t.box().isEmpty(),
              "box " + t.box());
          assertEquals(56, t.mask().height());
        }
      }
    }
    assertTrue(
        sawPadding, "DETR's multi-scale resize should leave some images smaller than the canvas");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            set.augmentedBatch(
                0,
                2,
                new InstanceSet.Augmentation(
                    Augmentations.detectionTrain(
                        DetrAugmentConfig.visft().scaledTo(112),
                        new PatchSnap(14, RgbColor.grey(0.5f))),
                    56,
                    4)));
  }

  @Test
  void openedSplitsDecodeOnDemandAndGiveTheSameBatches() throws Exception {
    SyntheticDataset data =
        new SyntheticCocoGenerator(SyntheticCocoConfig.inDomain(13, 4)).generate(dir);
    InstanceSet kept = InstanceSet.load(data.instancesJson(), data.imageDir(), 56);
    InstanceSet opened = InstanceSet.open(data.instancesJson(), data.imageDir(), 56);
    InstanceSet.Augmentation lsj =
        new InstanceSet.Augmentation(
            Augmentations.segmentationTrain(
                new LargeScaleJitter(56, 0.1, 2.0, RgbColor.grey(0.5f)),
                new PatchSnap(14, RgbColor.grey(0.5f))),
            56,
            2);
    assertEquals(kept.maxObjects(), opened.maxObjects());
    for (long index = 0; index < 3; index++) {
      InstanceSet.Batch a = kept.batch(index, 3);
      InstanceSet.Batch b = opened.batch(index, 3);
      assertArrayEquals(a.images().toFloatArray(), b.images().toFloatArray());
      assertEquals(a.instances(), b.instances());
      InstanceSet.Batch c = kept.augmentedBatch(index, 3, lsj);
      InstanceSet.Batch d = opened.augmentedBatch(index, 3, lsj);
      assertArrayEquals(c.images().toFloatArray(), d.images().toFloatArray());
      assertEquals(c.instances(), d.instances());
    }

    Path image = data.imageDir().resolve(opened.image(2).fileName());
    Files.write(image, new byte[] {1, 2, 3});
    FileFormatException e = assertThrows(FileFormatException.class, () -> opened.batch(2, 1));
    assertTrue(
        e.getMessage().contains("image " + opened.image(2).id())
            && e.getMessage().contains(image.getFileName().toString()),
        e.getMessage());
  }

  @Test
  void aMaskBeyondItsImageNamesTheAnnotation() throws Exception {
    Path json = dir.resolve("bad.json");
    Files.writeString(
        json,
        """
        {"images": [{"id": 7, "file_name": "a.png", "width": 4, "height": 4}],
         "categories": [{"id": 1, "name": "square"}],
         "annotations": [{"id": 70, "image_id": 7, "category_id": 1, "bbox": [0, 0, 2, 2], "area": 4, "iscrowd": 0,
           "segmentation": {"size": [8, 8], "counts": [0, 64]}}]}""");
    FileFormatException e =
        assertThrows(FileFormatException.class, () -> InstanceSet.load(json, dir, 28));
    assertTrue(
        e.getMessage().contains("bad.json") && e.getMessage().contains("70"), e.getMessage());
  }
}

package io.visft.heads.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.api.ImageSize;
import io.visft.api.NumericException;
import io.visft.api.ShapeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Ground-truth boxes: conversion to DETR's layout and the refusal of bad boxes, with messages. */
class ImageTargetsTest {

  @Test
  void pixelBoxesBecomeNormalisedCentreSize() {
    ImageTargets t =
        ImageTargets.fromPixelXyxy(
            new ImageSize(100, 200),
            new int[] {3},
            new double[][] {{20, 10, 120, 60}},
            OutsideImagePolicy.REJECT);
    assertArrayEquals(new double[] {0.35, 0.35, 0.5, 0.5}, t.box(0), 1e-12);
    ImageTargets coco =
        ImageTargets.fromCocoXywh(
            new ImageSize(100, 200),
            new int[] {3},
            new double[][] {{20, 10, 100, 50}},
            OutsideImagePolicy.REJECT);
    assertEquals(t, coco);
    assertEquals(1, t.count());
    assertEquals(3, t.label(0));
  }

  @Test
  void emptyImagesHaveNoBoxes() {
    ImageTargets t = ImageTargets.empty(new ImageSize(16, 32));
    assertEquals(0, t.count());
    assertEquals(0, t.boxes().length);
  }

  @Test
  void boxesBeyondTheImageAreClippedWhenAsked() {
    ImageTargets t =
        ImageTargets.fromPixelXyxy(
            new ImageSize(100, 100),
            new int[] {1},
            new double[][] {{-20, 50, 40, 130}},
            OutsideImagePolicy.CLIP);
    assertArrayEquals(new double[] {0.2, 0.75, 0.4, 0.5}, t.box(0), 1e-12);
  }

  @Test
  void boxesBeyondTheImageAreRejectedWhenAsked() {
    assertMessage(
        "box 1 = [90.0, 10.0, 110.0, 20.0] (x0, y0, x1, y1) extends beyond the 100x100 image; fix"
            + " the annotation or use OutsideImagePolicy.CLIP",
        () ->
            ImageTargets.fromPixelXyxy(
                new ImageSize(100, 100),
                new int[] {0, 0},
                new double[][] {{10, 10, 20, 20}, {90, 10, 110, 20}},
                OutsideImagePolicy.REJECT));
  }

  @Test
  void boxesEntirelyOutsideAreRejectedEvenWhenClipping() {
    assertMessage(
        "box 0 = [120.0, 10.0, 150.0, 20.0] (x0, y0, x1, y1) lies entirely outside the 100x100"
            + " image, clipping leaves no area; drop it",
        () ->
            ImageTargets.fromPixelXyxy(
                new ImageSize(100, 100),
                new int[] {0},
                new double[][] {{120, 10, 150, 20}},
                OutsideImagePolicy.CLIP));
  }

  @Test
  void degenerateBoxesAreRejected() {
    assertMessage(
        "box 0 = [10.0, 10.0, 10.0, 30.0] (x0, y0, x1, y1) is degenerate: it needs x1 > x0 and y1 >"
            + " y0; drop zero-area annotations before training",
        () ->
            ImageTargets.fromPixelXyxy(
                new ImageSize(100, 100),
                new int[] {0},
                new double[][] {{10, 10, 10, 30}},
                OutsideImagePolicy.CLIP));
    assertMessage(
        "box 0 = [10.0, 10.0, 5.0, -2.0] (x0, y0, x1, y1) is degenerate",
        () ->
            ImageTargets.fromCocoXywh(
                new ImageSize(100, 100),
                new int[] {0},
                new double[][] {{10, 10, -5, -12}},
                OutsideImagePolicy.CLIP));
    assertMessage(
        "box 0 = [0.5, 0.5, 0.0, 0.2] (cx, cy, w, h) is degenerate: width and height must be > 0",
        () ->
            new ImageTargets(
                new ImageSize(10, 10), new int[] {0}, new double[][] {{0.5, 0.5, 0, 0.2}}));
  }

  @Test
  void otherBadInputsAreRejected() {
    NumericException nan =
        assertThrows(
            NumericException.class,
            () ->
                ImageTargets.fromPixelXyxy(
                    new ImageSize(100, 100),
                    new int[] {0},
                    new double[][] {{0, Double.NaN, 5, 5}},
                    OutsideImagePolicy.CLIP));
    assertTrue(
        nan.getMessage().contains("box 0 = [0.0, NaN, 5.0, 5.0] has a non-finite coordinate"),
        nan.getMessage());
    assertMessage(
        "label -1 of box 0 is negative",
        () ->
            new ImageTargets(
                new ImageSize(10, 10), new int[] {-1}, new double[][] {{0.5, 0.5, 0.2, 0.2}}));
    assertMessage(
        "2 labels but 1 boxes",
        () ->
            new ImageTargets(
                new ImageSize(10, 10), new int[] {0, 1}, new double[][] {{0.5, 0.5, 0.2, 0.2}}));
    assertMessage(
        "extends beyond the normalised image [0, 1]",
        () ->
            new ImageTargets(
                new ImageSize(10, 10), new int[] {0}, new double[][] {{0.9, 0.5, 0.4, 0.2}}));
    ShapeException empty =
        assertThrows(ShapeException.class, () -> ImageTargets.empty(new ImageSize(10, 0)));
    assertTrue(
        empty.getMessage().contains("image size (height 10, width 0) must have both sides >= 1"),
        empty.getMessage());
  }

  private static void assertMessage(String fragment, Executable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertTrue(
        e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
  }
}

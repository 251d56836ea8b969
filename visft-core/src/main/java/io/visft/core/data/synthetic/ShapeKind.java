package io.visft.core.data.synthetic;

/**
 * The shape classes, which are also the COCO categories of the synthetic data set (supercategory
 * "shape").
 */
public enum ShapeKind {
  RECTANGLE(1, "rectangle", "square"),
  ELLIPSE(2, "ellipse", "circle"),
  TRIANGLE(3, "triangle", "triangle");

  private final int categoryId;
  private final String categoryName;
  private final String regularNoun;

  ShapeKind(int categoryId, String categoryName, String regularNoun) {
    this.categoryId = categoryId;
    this.categoryName = categoryName;
    this.regularNoun = regularNoun;
  }

  /** The COCO {@code category_id}, 1-based. */
  public int categoryId() {
    return categoryId;
  }

  /** The COCO category name, also the class folder name in the held-out layout. */
  public String categoryName() {
    return categoryName;
  }

  /**
   * The word a caption uses: "square" and "circle" when the shape is about as wide as tall,
   * otherwise "rectangle" and "oval"; always "triangle" for triangles.
   */
  public String captionNoun(double widthOverHeight) {
    boolean regular = Math.abs(widthOverHeight - 1) < 0.15;
    return switch (this) {
      case RECTANGLE -> regular ? regularNoun : "rectangle";
      case ELLIPSE -> regular ? regularNoun : "oval";
      case TRIANGLE -> regularNoun;
    };
  }
}

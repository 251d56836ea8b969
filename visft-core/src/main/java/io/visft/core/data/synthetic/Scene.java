package io.visft.core.data.synthetic;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * A synthetic image before rendering: its size, background and shapes in drawing order (later
 * shapes are drawn over earlier ones).
 *
 * @param width pixels, positive
 * @param height pixels, positive
 * @param domain the visual domain, which sets the fill style
 * @param background the texture behind the shapes
 * @param shapes at least one, in drawing order
 */
public record Scene(
    int width,
    int height,
    SceneDomain domain,
    BackgroundTexture background,
    List<SceneShape> shapes) {

  public Scene {
    checkArgument(width > 0 && height > 0, "scene size must be positive, got %sx%s", width, height);
    shapes = List.copyOf(shapes);
    checkArgument(!shapes.isEmpty(), "a scene needs at least one shape");
  }
}

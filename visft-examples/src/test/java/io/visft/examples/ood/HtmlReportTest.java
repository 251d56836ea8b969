package io.visft.examples.ood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.visft.core.eval.ConfidenceInterval;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report's chart keeps every label readable: each metric's label appears in full, and every
 * piece of text, at a generous estimate of its width, lies inside the canvas without overlapping
 * another.
 */
class HtmlReportTest {
  /** A generous average glyph width of a sans-serif font, in em (capitals included). */
  private static final double GLYPH_EM = 0.65;

  private static final List<String> BACKBONES =
      List.of("base", "adapted (visft LoRA r64, merged into qkv)");

  private static MetricRow row(String benchmark, String metric, double base, double adapted) {
    return new MetricRow(
        benchmark,
        "Fashion-MNIST test",
        metric,
        List.of(new ConfidenceInterval(base, 0.03, 10), new ConfidenceInterval(adapted, 0.04, 10)));
  }

  private static final List<MetricRow> ROWS =
      List.of(
          row("fmnist-5w5s", "5-way 5-shot 5-NN", 0.61, 0.64),
          row("fmnist-5w5s", "5-way 5-shot linear probe", 0.71, 0.74),
          row("fmnist-probe", "linear probe", 0.80, 0.82),
          row("flickr-retrieval", "image->text R@10", 0.35, 0.40),
          row(
              "coco-regions-from-the-val2017-split-with-one-very-long-benchmark-name-without-spaces",
              "region zero-shot top-5 accuracy over all eighty categories",
              0.22,
              0.25));

  /** A piece of text laid out on the canvas, with its estimated box. */
  private record Box(String text, double left, double right, double top, double bottom) {
    boolean overlaps(Box o) {
      return left < o.right && o.left < right && top < o.bottom && o.top < bottom;
    }
  }

  @Test
  void everyLabelIsShownInFullInsideTheCanvasWithoutOverlap() throws Exception {
    String html = HtmlReport.render("Out-of-domain evaluation", BACKBONES, ROWS, List.of());
    String svgText =
        html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + "</svg>".length());
    Element svg =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svgText.getBytes(StandardCharsets.UTF_8)))
            .getDocumentElement();
    double width = Double.parseDouble(svg.getAttribute("width"));
    double height = Double.parseDouble(svg.getAttribute("height"));
    double font = Double.parseDouble(svg.getAttribute("font-size"));

    List<Box> boxes = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    NodeList texts = svg.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element text = (Element) texts.item(i);
      assertFalse(
          text.hasAttribute("transform"),
          "text is laid out horizontally: " + text.getTextContent());
      NodeList spans = text.getElementsByTagName("tspan");
      if (spans.getLength() == 0) {
        boxes.add(box(text, text, font));
        continue;
      }
      List<String> lines = new ArrayList<>();
      for (int j = 0; j < spans.getLength(); j++) {
        Element span = (Element) spans.item(j);
        boxes.add(box(span, text, font));
        lines.add(span.getTextContent());
      }
      labels.add(String.join(" ", lines));
    }
    for (MetricRow r : ROWS) {
      String label = r.benchmark() + ": " + r.metric();
      // Lines are joined with spaces; a word longer than a line is cut without one.
      assertTrue(
          labels.stream().anyMatch(l -> l.replace(" ", "").equals(label.replace(" ", ""))),
          "the label '" + label + "' appears in full; labels: " + labels);
    }
    for (Box b : boxes) {
      assertTrue(
          b.left() >= 0 && b.right() <= width && b.top() >= 0 && b.bottom() <= height,
          "'"
              + b.text()
              + "' at x "
              + b.left()
              + ".."
              + b.right()
              + ", y "
              + b.top()
              + ".."
              + b.bottom()
              + " lies inside the "
              + width
              + "x"
              + height
              + " canvas");
    }
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        assertFalse(
            boxes.get(i).overlaps(boxes.get(j)),
            "'" + boxes.get(i).text() + "' and '" + boxes.get(j).text() + "' overlap");
      }
    }
  }

  @Test
  void wrapsAtSpacesAndCutsOnlyWordsLongerThanALine() {
    assertEquals(
        List.of("fmnist-5w5s: 5-way", "5-shot linear probe"),
        HtmlReport.wrap("fmnist-5w5s: 5-way 5-shot linear probe", 19));
    assertEquals(List.of("abcdef", "ghij x"), HtmlReport.wrap("abcdefghij x", 6));
    assertEquals(List.of("ab", "abcdef", "ghij"), HtmlReport.wrap("ab abcdefghij", 6));
    assertEquals(List.of(""), HtmlReport.wrap("", 6));
  }

  /**
   * The estimated box of {@code positioned}'s text, placed by its x and y and by {@code styled}'s
   * anchor.
   */
  private static Box box(Element positioned, Element styled, double font) {
    String text = positioned.getTextContent();
    double x = Double.parseDouble(positioned.getAttribute("x"));
    double y = Double.parseDouble(positioned.getAttribute("y"));
    double w = text.length() * GLYPH_EM * font;
    double left =
        switch (styled.getAttribute("text-anchor")) {
          case "end" -> x - w;
          case "middle" -> x - w / 2;
          default -> x;
        };
    return new Box(text, left, left + w, y - font, y + 0.25 * font);
  }
}

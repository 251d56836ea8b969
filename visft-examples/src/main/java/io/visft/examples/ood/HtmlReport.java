package io.visft.examples.ood;

import io.visft.core.eval.ConfidenceInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of a suite as one self-contained HTML page: a table and an inline SVG bar chart with
 * one numbered group per metric, one bar per backbone (base and adapted side by side), 95% interval
 * whiskers and a legend of the numbered metrics. Stateless.
 */
public final class HtmlReport {
  private static final String[] COLOURS = {"#8c8c8c", "#2b6cb0", "#c05621"};
  private static final int BAR = 22;
  private static final int GAP = 26;
  private static final int PLOT_HEIGHT = 240;
  private static final int TOP = 20;
  private static final int LEFT = 50;
  private static final int RIGHT = 20;
  private static final int FONT_SIZE = 11;

  /**
   * A generous width of one character at {@link #FONT_SIZE} in a sans-serif font (capitals
   * included).
   */
  static final double CHAR_WIDTH = 0.65 * FONT_SIZE;

  private static final int LINE = 15;
  private static final int KEY_WIDTH = 28;
  private static final int SWATCH = 14;
  private static final int MIN_LABEL_WIDTH = 420;

  private HtmlReport() {}

  /** The page, ending with where the embeddings came from ({@link SuiteReport#cacheSummary}). */
  public static String render(
      String title, List<String> backbones, List<MetricRow> rows, List<CacheUse> cacheUses) {
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(escape(title))
            .append(
                "</title>\n<style>body{font-family:sans-serif;margin:2em}"
                    + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                    + "td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}</style></head><body>\n<h1>")
            .append(escape(title))
            .append(
                "</h1>\n<p>Accuracy or recall in % with 95% intervals (1.96 &middot; std / &radic;n).</p>\n");
    html.append(chart(backbones, rows))
        .append("\n<table><tr><th>benchmark</th><th>data</th><th>metric</th>");
    backbones.forEach(b -> html.append("<th>").append(escape(b)).append("</th>"));
    html.append("</tr>\n");
    for (MetricRow row : rows) {
      html.append("<tr><td>")
          .append(escape(row.benchmark()))
          .append("</td><td>")
          .append(escape(row.data()))
          .append("</td><td>")
          .append(escape(row.metric()))
          .append("</td>");
      row.values()
          .forEach(
              ci -> html.append("<td>").append(escape(SuiteReport.percent(ci))).append("</td>"));
      html.append("</tr>\n");
    }
    return html.append("</table>\n<p>")
        .append(escape(SuiteReport.cacheSummary(cacheUses)))
        .append("</p>\n</body></html>\n")
        .toString();
  }

  /**
   * The bar chart: y from 0 to 100%, one group per row, numbered under the axis; the numbers are
   * explained in a legend below, each label in full and wrapped to the canvas width (a rotated
   * label ran off the canvas). Text is laid out with a generous estimate of its width ({@link
   * #CHAR_WIDTH}).
   */
  static String chart(List<String> backbones, List<MetricRow> rows) {
    int groupWidth = backbones.size() * BAR + GAP;
    int plotRight = LEFT + rows.size() * groupWidth;
    int labelChars = (int) (Math.max(plotRight - LEFT - KEY_WIDTH, MIN_LABEL_WIDTH) / CHAR_WIDTH);
    List<List<String>> labels =
        rows.stream().map(r -> wrap(r.benchmark() + ": " + r.metric(), labelChars)).toList();
    double backboneLegend = backbones.stream().mapToDouble(b -> SWATCH + textWidth(b) + GAP).sum();
    int width =
        (int)
                Math.ceil(
                    Math.max(
                        Math.max(plotRight, LEFT + KEY_WIDTH + labelChars * CHAR_WIDTH),
                        LEFT + backboneLegend))
            + RIGHT;
    int legendTop = TOP + PLOT_HEIGHT + 2 * LINE + 4;
    int height = legendTop + labels.stream().mapToInt(List::size).sum() * LINE + LINE;
    StringBuilder svg =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"%d\">\n",
                width,
                height,
                FONT_SIZE));
    for (int tick = 0; tick <= 100; tick += 20) {
      double y = yOf(tick / 100.0);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n",
              LEFT,
              y,
              plotRight,
              y,
              LEFT - 6,
              y + 4,
              tick));
    }
    for (int r = 0; r < rows.size(); r++) {
      int x0 = LEFT + r * groupWidth + GAP / 2;
      List<ConfidenceInterval> values = rows.get(r).values();
      for (int b = 0; b < values.size(); b++) {
        ConfidenceInterval ci = values.get(b);
        int x = x0 + b * BAR;
        double top = yOf(ci.mean());
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s %s: %s</title></rect>\n",
                x,
                top,
                BAR - 2,
                yOf(0) - top,
                COLOURS[b % COLOURS.length],
                escape(rows.get(r).benchmark()),
                escape(backbones.get(b)),
                escape(SuiteReport.percent(ci))));
        double cx = x + (BAR - 2) / 2.0;
        svg.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
                cx,
                yOf(Math.min(1, ci.upper())),
                cx,
                yOf(Math.max(0, ci.lower()))));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
              x0 + values.size() * BAR / 2.0,
              TOP + PLOT_HEIGHT + LINE,
              r + 1));
    }
    int y = legendTop;
    for (int r = 0; r < rows.size(); r++) {
      svg.append(
          String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text><text>", LEFT, y, r + 1));
      for (String line : labels.get(r)) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<tspan x=\"%d\" y=\"%d\">%s</tspan>",
                LEFT + KEY_WIDTH,
                y,
                escape(line)));
        y += LINE;
      }
      svg.append("</text>\n");
    }
    double x = LEFT;
    for (int b = 0; b < backbones.size(); b++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%.1f\" y=\"13\">%s</text>\n",
              x,
              COLOURS[b % COLOURS.length],
              x + SWATCH,
              escape(backbones.get(b))));
      x += SWATCH + textWidth(backbones.get(b)) + GAP;
    }
    return svg.append("</svg>").toString();
  }

  private static double textWidth(String text) {
    return text.length() * CHAR_WIDTH;
  }

  /**
   * {@code text} in lines of at most {@code chars} characters, broken at spaces (a longer word is
   * cut).
   */
  static List<String> wrap(String text, int chars) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      while (word.length() > chars) {
        if (!line.isEmpty()) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, chars));
        word = word.substring(chars);
      }
      if (!line.isEmpty() && line.length() + 1 + word.length() > chars) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.isEmpty() ? "" : " ").append(word);
    }
    if (!line.isEmpty() || lines.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }

  private static double yOf(double accuracy) {
    return TOP + PLOT_HEIGHT * (1 - accuracy);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

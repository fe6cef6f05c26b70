package io.leasehold.sim.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small, dependency-free SVG line chart: shared x axis, several named series, "nice" axis ticks
 * and a legend. Enough for time series in a report; not a plotting library.
 */
public final class SvgLineChart {
  private static final String[] PALETTE = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };
  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 36;
  private static final int BOTTOM = 44;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  private record Series(String name, double[] x, double[] y, boolean dashed) {}

  public SvgLineChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public SvgLineChart line(String name, double[] x, double[] y) {
    return add(name, x, y, false);
  }

  /** A dashed line, for references such as the limit. */
  public SvgLineChart dashed(String name, double[] x, double[] y) {
    return add(name, x, y, true);
  }

  private SvgLineChart add(String name, double[] x, double[] y, boolean dashed) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
    }
    series.add(new Series(name, x, y, dashed));
    return this;
  }

  public String render() {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = 0;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        xMin = Math.min(xMin, s.x[i]);
        xMax = Math.max(xMax, s.x[i]);
        yMin = Math.min(yMin, s.y[i]);
        yMax = Math.max(yMax, s.y[i]);
      }
    }
    if (!(xMax > xMin)) {
      xMin = 0;
      xMax = Math.max(1, xMax);
    }
    if (!(yMax > yMin)) {
      yMax = yMin + 1;
    }
    double[] yTicks = ticks(yMin, yMax);
    double[] xTicks = ticks(xMin, xMax);
    yMin = Math.min(yMin, yTicks[0]);
    yMax = Math.max(yMax, yTicks[yTicks.length - 1]);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder(8192);
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(svg, WIDTH / 2.0, 20, "middle", 14, title);
    text(svg, LEFT + plotW / 2.0, HEIGHT - 8, "middle", 11, xLabel);
    svg.append(String.format(Locale.ROOT,
        "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">%s</text>%n",
        TOP + plotH / 2.0, TOP + plotH / 2.0, escape(yLabel)));
    for (double t : yTicks) {
      double py = TOP + plotH - (t - yMin) / (yMax - yMin) * plotH;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", LEFT, py, LEFT + plotW, py));
      text(svg, LEFT - 6, py + 4, "end", 11, label(t));
    }
    for (double t : xTicks) {
      if (t < xMin || t > xMax) {
        continue;
      }
      double px = LEFT + (t - xMin) / (xMax - xMin) * plotW;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\"/>%n", px, TOP + plotH, px, TOP + plotH + 4));
      text(svg, px, TOP + plotH + 16, "middle", 11, label(t));
    }
    svg.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", LEFT, TOP, plotW, plotH));
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      String color = PALETTE[k % PALETTE.length];
      svg.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.4\"");
      if (s.dashed) {
        svg.append(" stroke-dasharray=\"6 4\"");
      }
      svg.append(" points=\"");
      for (int i = 0; i < s.x.length; i++) {
        double px = LEFT + (s.x[i] - xMin) / (xMax - xMin) * plotW;
        double py = TOP + plotH - (s.y[i] - yMin) / (yMax - yMin) * plotH;
        svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
      }
      svg.append("\"/>\n");
      double ly = TOP + 10 + k * 18;
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
          LEFT + plotW + 12, ly, LEFT + plotW + 32, ly, color, s.dashed ? " stroke-dasharray=\"6 4\"" : ""));
      text(svg, LEFT + plotW + 38, ly + 4, "start", 11, s.name);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** About five round tick values (1, 2 or 5 × 10^k apart) covering [min, max]. */
  static double[] ticks(double min, double max) {
    double rough = (max - min) / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double step = magnitude * (rough / magnitude < 1.5 ? 1 : rough / magnitude < 3.5 ? 2 : rough / magnitude < 7.5 ? 5 : 10);
    double first = Math.floor(min / step) * step;
    int n = (int) Math.ceil((max - first) / step - 1e-9) + 1;
    double[] ticks = new double[n];
    for (int i = 0; i < n; i++) {
      ticks[i] = first + i * step;
    }
    return ticks;
  }

  private static String label(double v) {
    double a = Math.abs(v);
    if (a >= 1e6) {
      return trim(v / 1e6) + "M";
    }
    if (a >= 1e4) {
      return trim(v / 1e3) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, int size, String content) {
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, escape(content)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}

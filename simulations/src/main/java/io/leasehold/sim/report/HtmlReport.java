package io.leasehold.sim.report;

import io.leasehold.sim.SimulationResult;
import io.leasehold.sim.SystemResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code index.html} with the summary table and SVG charts (in {@code charts/}, referenced by
 * the page) for the busiest tracked quotas: admitted rate of every system against the limit,
 * admitted rate per region for each system, and each system's error against the ideal.
 */
public final class HtmlReport {
  private static final int MAX_QUOTAS = 3;

  private HtmlReport() {}

  /** Writes the report into {@code directory}; returns the path of {@code index.html}. */
  public static Path write(SimulationResult result, Path directory) throws IOException {
    Path charts = directory.resolve("charts");
    Files.createDirectories(charts);
    TrackedQuotas tracked = result.tracked();
    List<SystemResult> systems = result.systems();
    RunSeries first = systems.get(0).series();
    int slots = first.slots();
    double[] x = new double[slots];
    for (int s = 0; s < slots; s++) {
      x[s] = (s + 0.5) * RunSeries.SLOT_NANOS / 1e9;
    }
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Leasehold simulation: ")
        .append(SvgLineChart.escape(result.scenario().name()))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
            + "pre{background:#f6f6f6;padding:1em;overflow-x:auto}img{display:block;margin:1em 0}</style>"
            + "</head><body>\n");
    html.append("<h1>").append(SvgLineChart.escape(result.scenario().name())).append("</h1>\n<p>")
        .append(SvgLineChart.escape(result.scenario().description())).append("</p>\n<p>seed ")
        .append(result.scenario().seed()).append(", ")
        .append(result.scenario().durationNanos() / 1e9).append(" s virtual, ")
        .append(result.scenario().regionCount()).append(" regions, ")
        .append(result.scenario().totalEdges()).append(" edges</p>\n<pre>")
        .append(SvgLineChart.escape(SummaryTable.render(result.summaries()))).append("</pre>\n");
    for (int t : busiestQuotas(first, tracked)) {
      String label = tracked.label(t);
      String slug = label.replaceAll("[^A-Za-z0-9]+", "-");
      html.append("<h2>").append(SvgLineChart.escape(label)).append("</h2>\n");
      int rule = tracked.rule(t);
      double[] limit = new double[slots];
      double[] demand = perSecond(sum(first.demand()[t]));
      for (int s = 0; s < slots; s++) {
        limit[s] = result.limits().rate(rule, s);
      }
      SvgLineChart admitted = new SvgLineChart("Admitted rate vs limit: " + label, "time (s)", "tokens/s");
      admitted.dashed("limit", x, limit).dashed("demand", x, demand);
      SvgLineChart error = new SvgLineChart("Error vs ideal: " + label, "time (s)", "admitted − ideal (% of limit)");
      double[] ideal = perSecond(sum(first.idealAdmitted()[t]));
      for (SystemResult system : systems) {
        double[] rate = perSecond(sum(system.series().admitted()[t]));
        admitted.line(system.name(), x, rate);
        double[] diff = new double[slots];
        for (int s = 0; s < slots; s++) {
          diff[s] = limit[s] == 0 ? 0 : 100.0 * (rate[s] - ideal[s]) / limit[s];
        }
        error.line(system.name(), x, diff);
      }
      link(html, charts, slug + "-admitted.svg", admitted);
      link(html, charts, slug + "-error.svg", error);
      for (SystemResult system : systems) {
        SvgLineChart regions = new SvgLineChart(
            "Admitted per region (" + system.name() + "): " + label, "time (s)", "tokens/s");
        long[][] perRegion = system.series().admitted()[t];
        for (int r = 0; r < perRegion.length; r++) {
          regions.line(result.scenario().regions().get(r).name(), x, perSecond(perRegion[r]));
        }
        link(html, charts, slug + "-regions-" + system.name() + ".svg", regions);
      }
    }
    html.append("</body></html>\n");
    Path index = directory.resolve("index.html");
    Files.writeString(index, html.toString());
    return index;
  }

  private static void link(StringBuilder html, Path charts, String file, SvgLineChart chart) throws IOException {
    Files.writeString(charts.resolve(file), chart.render());
    html.append("<img src=\"charts/").append(file).append("\" alt=\"").append(SvgLineChart.escape(file)).append("\">\n");
  }

  /** Tracked quotas with the most demand, busiest first. */
  static List<Integer> busiestQuotas(RunSeries series, TrackedQuotas tracked) {
    List<Integer> order = new ArrayList<>();
    long[] totals = new long[tracked.size()];
    for (int t = 0; t < tracked.size(); t++) {
      for (long v : sum(series.demand()[t])) {
        totals[t] += v;
      }
      if (totals[t] > 0) {
        order.add(t);
      }
    }
    order.sort((a, b) -> Long.compare(totals[b], totals[a]));
    return order.subList(0, Math.min(MAX_QUOTAS, order.size()));
  }

  private static long[] sum(long[][] perRegion) {
    long[] total = new long[perRegion[0].length];
    for (long[] region : perRegion) {
      for (int s = 0; s < total.length; s++) {
        total[s] += region[s];
      }
    }
    return total;
  }

  private static double[] perSecond(long[] perSlot) {
    double[] rate = new double[perSlot.length];
    double factor = 1e9 / RunSeries.SLOT_NANOS;
    for (int s = 0; s < perSlot.length; s++) {
      rate[s] = perSlot[s] * factor;
    }
    return rate;
  }
}

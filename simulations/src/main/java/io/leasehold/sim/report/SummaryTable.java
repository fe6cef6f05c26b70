package io.leasehold.sim.report;

import java.util.List;
import java.util.Locale;

/** Plain-text comparison table, one row per system. */
public final class SummaryTable {
  private static final String[] HEADERS = {
    "system", "over max %", "over p99.9 %", "util %", "conv p99 ms", "false rej %",
    "false adm %", "ctrl msg/edge/s", "store ops/dec", "p99 wait ms", "wall s"
  };

  private SummaryTable() {}

  public static String render(List<SystemSummary> summaries) {
    String[][] rows = new String[summaries.size() + 1][];
    rows[0] = HEADERS;
    for (int i = 0; i < summaries.size(); i++) {
      SystemSummary s = summaries.get(i);
      rows[i + 1] = new String[] {
        s.system(), num(s.overAdmissionMaxPct(), 2), num(s.overAdmissionP999Pct(), 2),
        num(s.utilizationPct(), 1), num(s.convergenceP99Ms(), 0), num(s.falseRejectPct(), 3),
        num(s.falseAdmitPct(), 3), num(s.controlMessagesPerEdgePerS(), 2),
        num(s.storeOpsPerDecision(), 4), num(s.decisionLatencyP99Ms(), 1), num(s.wallSeconds(), 2)
      };
    }
    int[] width = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < rows[r].length; c++) {
        String cell = rows[r][c];
        String pad = " ".repeat(width[c] - cell.length());
        out.append(c == 0 ? cell + pad : pad + cell).append(c + 1 < rows[r].length ? "  " : "\n");
      }
      if (r == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        out.append("-".repeat(total - 2)).append('\n');
      }
    }
    return out.toString();
  }

  static String num(double value, int decimals) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}

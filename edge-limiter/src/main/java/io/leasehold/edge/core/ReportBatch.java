package io.leasehold.edge.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.MessageLimits;
import io.leasehold.model.message.QuotaReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports being gathered for one sync request, merged per quota (the wire allows each quota once
 * per list): counters add up, the demand and the acked epoch take the larger value. Kept in arrival
 * order (a merged report keeps its first place).
 *
 * <p>A round carries a few reports as a rule (2.3 per request in the scale run), so a quota's earlier
 * report is found by a scan of the list, and a hash index is built only once the batch grows past
 * {@link #SCAN_LIMIT}: a linked hash map per round cost a table and an entry per report, 5 % of
 * the scale run's allocation. One batch is reused round after round ({@link #clear()}).
 */
final class ReportBatch {
  /** Up to this many reports, a quota's earlier report is found by a scan. */
  private static final int SCAN_LIMIT = 8;

  private final ArrayList<QuotaReport> reports = new ArrayList<>();
  /** Position of each quota's report; only while the batch holds more than {@link #SCAN_LIMIT}. */
  private Map<QuotaId, Integer> index;

  void add(QuotaReport report) {
    int at = indexOf(report.quota());
    if (at >= 0) {
      reports.set(at, merge(reports.get(at), report));
      return;
    }
    reports.add(report);
    if (index != null) {
      index.put(report.quota(), reports.size() - 1);
    } else if (reports.size() > SCAN_LIMIT) {
      buildIndex();
    }
  }

  void addAll(ReportBatch other) {
    addAll(other.reports);
  }

  void addAll(List<QuotaReport> reports) {
    for (int i = 0, n = reports.size(); i < n; i++) {
      add(reports.get(i));
    }
  }

  boolean isEmpty() {
    return reports.isEmpty();
  }

  int size() {
    return reports.size();
  }

  /** Takes up to {@code max} reports out, in arrival order; the rest stay for a later request. */
  List<QuotaReport> take(int max) {
    int n = Math.min(max, reports.size());
    List<QuotaReport> head = reports.subList(0, n);
    List<QuotaReport> taken = new ArrayList<>(head);
    head.clear();
    if (index != null) {
      buildIndex(); // positions moved up
    }
    return taken;
  }

  /** Empties the batch for reuse. */
  void clear() {
    reports.clear();
    index = null;
  }

  private int indexOf(QuotaId quota) {
    if (index != null) {
      Integer at = index.get(quota);
      return at == null ? -1 : at;
    }
    for (int i = 0, n = reports.size(); i < n; i++) {
      if (reports.get(i).quota().equals(quota)) {
        return i;
      }
    }
    return -1;
  }

  private void buildIndex() {
    if (reports.size() <= SCAN_LIMIT) {
      index = null;
      return;
    }
    index = new HashMap<>(2 * reports.size());
    for (int i = 0, n = reports.size(); i < n; i++) {
      index.put(reports.get(i).quota(), i);
    }
  }

  private static QuotaReport merge(QuotaReport a, QuotaReport b) {
    return new QuotaReport(a.quota(), sum(a.consumed(), b.consumed()), sum(a.denied(), b.denied()),
        Math.max(a.wantedMicroTokensPerSecond(), b.wantedMicroTokensPerSecond()),
        sum(a.returned(), b.returned()), Math.max(a.ackEpoch(), b.ackEpoch()));
  }

  private static long sum(long a, long b) {
    return Math.min(MessageLimits.MAX_TOKENS, a + b);
  }
}

package io.leasehold.edge.core;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.MessageLimits;
import io.leasehold.model.message.QuotaReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports being gathered for one sync request, merged per quota (the wire allows each quota once
 * per list): counters add up, the demand and the acked epoch take the larger value.
 */
final class ReportBatch {
  private final Map<QuotaId, QuotaReport> byQuota = new LinkedHashMap<>();

  void add(QuotaReport report) {
    byQuota.merge(report.quota(), report, ReportBatch::merge);
  }

  void addAll(ReportBatch other) {
    other.byQuota.values().forEach(this::add);
  }

  void addAll(List<QuotaReport> reports) {
    reports.forEach(this::add);
  }

  boolean isEmpty() {
    return byQuota.isEmpty();
  }

  int size() {
    return byQuota.size();
  }

  /** Takes up to {@code max} reports out, in arrival order; the rest stay for a later request. */
  List<QuotaReport> take(int max) {
    List<QuotaReport> taken = new ArrayList<>(Math.min(max, byQuota.size()));
    var it = byQuota.values().iterator();
    while (it.hasNext() && taken.size() < max) {
      taken.add(it.next());
      it.remove();
    }
    return taken;
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

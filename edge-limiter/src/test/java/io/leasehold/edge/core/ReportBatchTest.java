package io.leasehold.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.QuotaReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportBatchTest {

  private static QuotaId quota(int k) {
    return new QuotaId("per-key", 0, "key-" + k);
  }

  private static QuotaReport report(int k, long consumed, long wanted, long ackEpoch) {
    // a fresh QuotaId each time: reports of one quota from different entries are equal, not identical
    return new QuotaReport(quota(k), consumed, 1, wanted, 2, ackEpoch);
  }

  private static List<String> keys(List<QuotaReport> reports) {
    List<String> keys = new ArrayList<>();
    reports.forEach(r -> keys.add(r.quota().key()));
    return keys;
  }

  @Test
  void reportsOfOneQuotaMergeInTheFirstOnesPlace() {
    ReportBatch batch = new ReportBatch();
    batch.add(report(1, 3, 100, 4));
    batch.add(report(2, 1, 10, 1));
    batch.add(report(1, 5, 50, 6));
    List<QuotaReport> taken = batch.take(10);
    assertThat(keys(taken)).containsExactly("key-1", "key-2");
    QuotaReport merged = taken.get(0);
    assertThat(merged.consumed()).isEqualTo(8);
    assertThat(merged.denied()).isEqualTo(2);
    assertThat(merged.returned()).isEqualTo(4);
    assertThat(merged.wantedMicroTokensPerSecond()).isEqualTo(100);
    assertThat(merged.ackEpoch()).isEqualTo(6);
    assertThat(batch.isEmpty()).isTrue();
  }

  @Test
  void aLargeBatchMergesTheSameThroughItsIndexAndKeepsItAcrossAPartialTake() {
    ReportBatch batch = new ReportBatch();
    for (int k = 0; k < 40; k++) {
      batch.add(report(k, 1, 1, 1));
    }
    for (int k = 39; k >= 0; k -= 3) {
      batch.add(report(k, 1, 1, 1));
    }
    assertThat(batch.size()).isEqualTo(40);
    List<QuotaReport> first = batch.take(25);
    assertThat(keys(first)).startsWith("key-0", "key-1", "key-2").endsWith("key-24");
    assertThat(first.get(0).consumed()).isEqualTo(2); // key-0: 39 - 13·3
    assertThat(first.get(1).consumed()).isEqualTo(1);
    // what stays is found again after the take moved it up
    batch.add(report(30, 1, 1, 1));
    batch.add(report(40, 1, 1, 1));
    List<QuotaReport> rest = batch.take(100);
    assertThat(rest).hasSize(16);
    assertThat(keys(rest)).startsWith("key-25").endsWith("key-39", "key-40");
    assertThat(rest.get(5).consumed()).as("key-30: 1 + 1 (39 - 3·3) + 1").isEqualTo(3);
  }

  @Test
  void aClearedBatchStartsEmptyAndMergesAnew() {
    ReportBatch batch = new ReportBatch();
    for (int k = 0; k < 20; k++) {
      batch.add(report(k, 1, 1, 1));
    }
    batch.clear();
    assertThat(batch.isEmpty()).isTrue();
    batch.add(report(3, 1, 1, 1));
    batch.add(report(3, 1, 1, 1));
    assertThat(batch.take(10)).singleElement().extracting(QuotaReport::consumed).isEqualTo(2L);
  }

  @Test
  void addAllMergesAnotherBatchInItsOrder() {
    ReportBatch carry = new ReportBatch();
    carry.add(report(2, 1, 1, 1));
    ReportBatch other = new ReportBatch();
    other.add(report(1, 1, 1, 1));
    other.add(report(2, 4, 1, 1));
    carry.addAll(other);
    List<QuotaReport> taken = carry.take(10);
    assertThat(keys(taken)).containsExactly("key-2", "key-1");
    assertThat(taken.get(0).consumed()).isEqualTo(5);
  }
}

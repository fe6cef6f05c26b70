package io.leasehold.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingDecisionsTest {

  @Test
  void completesOutOfOrderAndGrowsPastItsInitialWindow() {
    PendingDecisions pending = new PendingDecisions();
    int n = 5_000;
    for (int id = 0; id < n; id++) {
      if (id % 3 != 0) {
        pending.add(id, id % 5, 0, id, 1, id * 10L, id % 2 == 0);
      }
    }
    List<Long> keys = new ArrayList<>();
    for (int id = n - 1; id >= 0; id--) {
      boolean wasPending = pending.complete(id, (region, rule, key, cost, arrival, ideal) -> keys.add(key));
      assertThat(wasPending).isEqualTo(id % 3 != 0);
    }
    assertThat(pending.size()).isZero();
    assertThat(keys).hasSize(n - (n + 2) / 3).doesNotHaveDuplicates();
    assertThat(pending.complete(1, (a, b, c, d, e, f) -> { })).isFalse();
  }
}

package io.leasehold.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultScriptTest {
  @Test
  void parsesEveryActionSortedByTime() {
    List<FaultStep> steps = FaultScript.parse("""
        # comment line
        20s kill-leader          # measures failover
        5s  kill-aggregator us-east 1
        500ms stop-redis eu-west
        6s start-redis eu-west
        1m stop-etcd
        61s start-etcd
        30s partition eu-west
        31s heal eu-west
        40s revive
        50s set-rate search-global 300/s
        """);

    assertThat(steps).extracting(s -> s.at().toMillis()).containsExactly(
        500L, 5_000L, 6_000L, 20_000L, 30_000L, 31_000L, 40_000L, 50_000L, 60_000L, 61_000L);
    assertThat(steps.get(0).action()).isEqualTo(new FaultAction.StopRedis("eu-west"));
    assertThat(steps.get(1).action()).isEqualTo(new FaultAction.KillAggregator("us-east", 1));
    assertThat(steps.get(3).action()).isEqualTo(new FaultAction.KillLeader());
    assertThat(steps.get(7).action()).isEqualTo(new FaultAction.SetRate("search-global", "300/s"));
    assertThat(steps.get(8).at()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aggregatorIndexDefaultsToTheFirstReplica() {
    assertThat(FaultScript.parse(List.of("1s kill-aggregator ap-south")).get(0).action())
        .isEqualTo(new FaultAction.KillAggregator("ap-south", 0));
  }

  @Test
  void reportsEveryBadLineWithItsIndexAndReason() {
    assertThatThrownBy(() -> FaultScript.parse(List.of(
        "5 kill-leader",
        "5s explode",
        "5s kill-leader now",
        "5s set-rate rule fast",
        "5s kill-aggregator us-east -1",
        "5s partition")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("faults[0]: \"5 kill-leader\": time \"5\" must be like 500ms, 5s or 1m")
        .hasMessageContaining("faults[1]: \"5s explode\": unknown action \"explode\"")
        .hasMessageContaining("faults[2]: \"5s kill-leader now\": kill-leader takes no arguments, got 1")
        .hasMessageContaining("faults[3]: \"5s set-rate rule fast\": rate \"fast\" must be N/s")
        .hasMessageContaining("faults[4]: \"5s kill-aggregator us-east -1\": index \"-1\" must be a whole number")
        .hasMessageContaining("faults[5]: \"5s partition\": partition takes REGION, got 0");
  }

  @Test
  void writesEachStepBackAsItsScriptText() {
    for (String line : List.of("kill-aggregator us-east 0", "stop-redis r", "start-redis r", "kill-leader", "stop-etcd",
        "start-etcd", "partition r", "heal r", "revive", "set-rate a 5/m")) {
      assertThat(FaultScript.parse(List.of("1s " + line)).get(0).action().text()).isEqualTo(line);
    }
  }
}

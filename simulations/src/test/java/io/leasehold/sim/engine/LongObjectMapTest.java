package io.leasehold.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LongObjectMapTest {

  @Test
  void storesReplacesAndVisitsEveryEntry() {
    LongObjectMap<String> map = new LongObjectMap<>(4);
    for (long k = 0; k < 100_000; k++) {
      map.put(k * 7919, "v" + k);
    }
    map.put(0, "zero");
    assertThat(map.size()).isEqualTo(100_000);
    assertThat(map.get(0)).isEqualTo("zero");
    assertThat(map.get(99_999L * 7919)).isEqualTo("v99999");
    assertThat(map.get(1)).isNull();
    long[] visited = {0};
    map.forEach((k, v) -> visited[0]++);
    assertThat(visited[0]).isEqualTo(100_000);
  }
}

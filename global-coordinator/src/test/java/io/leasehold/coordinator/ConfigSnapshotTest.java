package io.leasehold.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSnapshotTest {

  @Test
  void isAnImmutableCopySortedById() {
    Map<String, String> rules = new HashMap<>(Map.of("b", "{}", "a", "{}"));
    ConfigSnapshot s = new ConfigSnapshot(7, rules, Map.of("a", 5L, "b", 7L));
    rules.put("c", "{}");

    assertThat(s.rulesById()).containsOnlyKeys("a", "b");
    assertThat(s.rulesById().keySet()).containsExactly("a", "b");
    assertThat(s.modRevision("b")).isEqualTo(7);
    assertThat(s.modRevision("missing")).isZero();
    assertThatThrownBy(() -> s.rulesById().put("d", "{}")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyRuleHasAModRevision() {
    assertThatThrownBy(() -> new ConfigSnapshot(1, Map.of("a", "{}"), Map.of()))
        .hasMessageContaining("modRevisionById: ids [] differ from rulesById ids [a]");
    assertThat(ConfigSnapshot.empty().revision()).isZero();
  }

  @Test
  void aRejectionCarriesAtLeastOneProblem() {
    assertThatThrownBy(() -> new ConfigWriteResult.Rejected(java.util.List.of()))
        .hasMessageContaining("at least one problem");
    assertThat(new ConfigProblem("rules[a].limits[0].rate", "100/x", "unknown period 'x'").toString())
        .isEqualTo("rules[a].limits[0].rate = 100/x: unknown period 'x'");
  }
}

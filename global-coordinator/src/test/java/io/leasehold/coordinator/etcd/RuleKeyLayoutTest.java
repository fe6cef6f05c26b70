package io.leasehold.coordinator.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RuleKeyLayoutTest {
  final RuleKeyLayout layout = new RuleKeyLayout("/leasehold/rules/", "/leasehold/rules-rev");

  @Test
  void theWatchedRangeCoversEveryRuleKeyAndTheRevisionKey() {
    assertThat(inRange(layout.revisionKey())).isTrue();
    assertThat(inRange(layout.ruleKey("a"))).isTrue();
    assertThat(inRange(layout.ruleKey("zzz-last"))).isTrue();
    assertThat(inRange(RuleKeyLayout.bs("/leasehold/rules"))).isFalse();
    assertThat(inRange(RuleKeyLayout.bs("/leasehold/rulez"))).isFalse();
  }

  @Test
  void theRangeAlsoCoversARevisionKeySortingAfterThePrefix() {
    RuleKeyLayout after = new RuleKeyLayout("/a/rules/", "/z/rev");

    assertThat(Arrays.compareUnsigned(after.rangeStart().getBytes(), after.ruleKey("x").getBytes())).isLessThanOrEqualTo(0);
    assertThat(Arrays.compareUnsigned(after.revisionKey().getBytes(), after.rangeEnd().getBytes())).isNegative();
  }

  @Test
  void onlyKeysUnderThePrefixWithAValidIdAreRules() {
    assertThat(layout.ruleId(layout.ruleKey("api-per-key"))).contains("api-per-key");
    assertThat(layout.ruleId(layout.revisionKey())).isEmpty();
    assertThat(layout.ruleId(RuleKeyLayout.bs("/leasehold/rules/"))).isEmpty();
    assertThat(layout.ruleId(RuleKeyLayout.bs("/leasehold/rules/nested/key"))).isEmpty();
    assertThat(layout.ruleId(RuleKeyLayout.bs("/leasehold/rules-rev"))).isEmpty();
  }

  @Test
  void rejectsIdsThatCannotBeAKeySegment() {
    assertThat(RuleKeyLayout.checkId("id", "search-global.v2_b")).isEmpty();
    assertThat(RuleKeyLayout.checkId("id", "a/b")).hasValueSatisfying(p -> {
      assertThat(p.path()).isEqualTo("id");
      assertThat(p.value()).isEqualTo("a/b");
    });
    assertThat(RuleKeyLayout.checkId("id", "")).isPresent();
    assertThat(RuleKeyLayout.checkId("id", "-leading-dash")).isPresent();
    assertThat(RuleKeyLayout.checkId("id", "x".repeat(129))).isPresent();
    assertThat(RuleKeyLayout.checkId("id", null)).isPresent();
  }

  @Test
  void prefixEndIncrementsTheLastByteBelowFf() {
    assertThat(RuleKeyLayout.prefixEnd(new byte[] {'a', '/'})).containsExactly('a', '0');
    assertThat(RuleKeyLayout.prefixEnd(new byte[] {'a', (byte) 0xff})).containsExactly('b');
    assertThat(RuleKeyLayout.prefixEnd(new byte[] {(byte) 0xff})).containsExactly(0);
  }

  boolean inRange(ByteSequence key) {
    return Arrays.compareUnsigned(key.getBytes(), layout.rangeStart().getBytes()) >= 0
        && Arrays.compareUnsigned(key.getBytes(), layout.rangeEnd().getBytes()) < 0;
  }
}

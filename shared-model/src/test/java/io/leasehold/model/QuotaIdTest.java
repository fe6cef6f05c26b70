package io.leasehold.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuotaIdTest {

  @Test
  void onlyTheRuleIdIsEscapedInTheStringForm() {
    QuotaId id = new QuotaId("team/api%v2", 1, "user/42%/x");

    assertThat(id.asString()).isEqualTo("team%2Fapi%25v2/1/user/42%/x");
    assertThat(id).hasToString("team%2Fapi%25v2/1/user/42%/x");
    assertThat(QuotaId.parse("team%2Fapi%25v2/1/user/42%/x")).isEqualTo(id);
  }

  @Test
  void aggregateHasTheEmptyKey() {
    QuotaId aggregate = QuotaId.aggregate("search-global", 0);

    assertThat(aggregate.key()).isEmpty();
    assertThat(aggregate.isAggregate()).isTrue();
    assertThat(aggregate.asString()).isEqualTo("search-global/0/");
    assertThat(QuotaId.parse("search-global/0/")).isEqualTo(aggregate);
    assertThat(new QuotaId("search-global", 0, "k").isAggregate()).isFalse();
  }

  @Test
  void parseNamesWhatIsWrong() {
    assertThatThrownBy(() -> QuotaId.parse("no-separator"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("quota id: \"no-separator\": has no '/' after the rule id; expected ruleId/limitIndex/key");
    assertThatThrownBy(() -> QuotaId.parse("rule/1"))
        .hasMessageContaining("has no '/' after the limit index");
    assertThatThrownBy(() -> QuotaId.parse("/1/key"))
        .hasMessageContaining("has an empty rule id");
    assertThatThrownBy(() -> QuotaId.parse("rule//key"))
        .hasMessageContaining("has an invalid limit index ''");
    assertThatThrownBy(() -> QuotaId.parse("rule/01/key"))
        .hasMessageContaining("has an invalid limit index '01'");
    assertThatThrownBy(() -> QuotaId.parse("rule/-1/key"))
        .hasMessageContaining("has an invalid limit index '-1'");
    assertThatThrownBy(() -> QuotaId.parse("rule/2147483648/key"))
        .hasMessageContaining("has a limit index beyond 2147483647");
    assertThatThrownBy(() -> QuotaId.parse("ru%41le/1/key"))
        .hasMessageContaining("has an invalid escape at index 2 (only %25 and %2F are used)");
    assertThatThrownBy(() -> QuotaId.parse("rule%2/1/key"))
        .hasMessageContaining("has an invalid escape at index 4");
  }

  @Test
  void constructorRejectsWhatCannotBeAQuota() {
    assertThatThrownBy(() -> new QuotaId("", 0, "k")).hasMessage("ruleId: \"\": must not be empty");
    assertThatThrownBy(() -> new QuotaId("r", -1, "k")).hasMessage("limitIndex: -1: must be >= 0");
    assertThatThrownBy(() -> new QuotaId(null, 0, "k")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new QuotaId("r", 0, null)).isInstanceOf(NullPointerException.class);
  }
}

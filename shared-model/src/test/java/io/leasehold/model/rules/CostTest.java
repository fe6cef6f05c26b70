package io.leasehold.model.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostTest {

  private final Cost fromHeader = Cost.fromHeader("X-Cost", 3, 50);

  @Test
  void readsTheHeaderValue() {
    assertThat(fromHeader.ofHeaderValue("7")).isEqualTo(7);
    assertThat(fromHeader.ofHeaderValue(" 50\t")).isEqualTo(50);
  }

  @Test
  void clampsLargeValuesToTheMaximum() {
    assertThat(fromHeader.ofHeaderValue("51")).isEqualTo(50);
    assertThat(fromHeader.ofHeaderValue("99999999999999999999999999")).isEqualTo(50);
  }

  @Test
  void usesTheDefaultForMissingOrInvalidValues() {
    assertThat(fromHeader.ofHeaderValue(null)).isEqualTo(3);
    assertThat(fromHeader.ofHeaderValue("")).isEqualTo(3);
    assertThat(fromHeader.ofHeaderValue("  ")).isEqualTo(3);
    assertThat(fromHeader.ofHeaderValue("ten")).isEqualTo(3);
    assertThat(fromHeader.ofHeaderValue("-4")).isEqualTo(3);
    assertThat(fromHeader.ofHeaderValue("0")).isEqualTo(3);
    assertThat(fromHeader.ofHeaderValue("2.5")).isEqualTo(3);
    assertThat(fromHeader.ofHeaderValue("999999999999999999999x")).isEqualTo(3);
  }

  @Test
  void readsTheRequestHeaderCaseInsensitively() {
    RequestView request = RequestView.of("GET", "/", Map.of("x-COST", "9"), null);

    assertThat(fromHeader.header()).isEqualTo("x-cost");
    assertThat(fromHeader.of(request)).isEqualTo(9);
    assertThat(Cost.fixed(4).of(request)).isEqualTo(4);
  }
}

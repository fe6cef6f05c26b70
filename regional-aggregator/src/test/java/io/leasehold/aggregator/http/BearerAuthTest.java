package io.leasehold.aggregator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerAuthTest {
  @Test
  void accepts_only_the_exact_token() {
    BearerAuth auth = BearerAuth.of(Optional.of("s3cret-token-0123"));
    assertThat(auth.accepts("Bearer s3cret-token-0123")).isTrue();
    assertThat(auth.accepts("bearer s3cret-token-0123")).isTrue();
    assertThat(auth.accepts("Bearer s3cret-token-012")).isFalse();
    assertThat(auth.accepts("Bearer s3cret-token-01234")).isFalse();
    assertThat(auth.accepts("Basic s3cret-token-0123")).isFalse();
    assertThat(auth.accepts(null)).isFalse();
  }

  @Test
  void without_a_token_everything_passes() {
    assertThat(BearerAuth.of(Optional.empty()).accepts(null)).isTrue();
  }
}

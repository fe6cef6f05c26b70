package io.leasehold.edge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.DecisionReason;
import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.LimitPolicy;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
  private static final LimitPolicy POLICY = LimitPolicy.of("api", 0, 100, 60);

  private static MultiMap apply(EdgeDecision decision, EdgeConfig.Headers settings) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    RateLimitHeaders.apply(headers, decision, settings, 1_700_000_000L);
    return headers;
  }

  @Test
  void aRejectionCarriesRetryAfterAndTheTimeUntilTheNextToken() {
    EdgeDecision denied = new EdgeDecision().set(EdgeDecision.Outcome.DENIED, DecisionReason.LEASE, POLICY, 0,
        1_200_000_000L, 30_000_000_000L, 0, 0, 1, null);
    MultiMap headers = apply(denied, new EdgeConfig.Headers(true, true, EdgeConfig.ResetStyle.DELTA));
    assertThat(headers.get("Retry-After")).isEqualTo("2");
    assertThat(headers.get("RateLimit")).isEqualTo("\"api\";r=0;t=2");
    assertThat(headers.get("RateLimit-Policy")).isEqualTo("\"api\";q=100;w=60");
    assertThat(headers.get("X-RateLimit-Limit")).isEqualTo("100");
    assertThat(headers.get("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(headers.get("X-RateLimit-Reset")).isEqualTo("2");
  }

  @Test
  void anAllowedResponseCountsDownToFullAndCanUseEpochResets() {
    EdgeDecision allowed = new EdgeDecision().set(EdgeDecision.Outcome.ALLOWED, DecisionReason.LEASE, POLICY, 42, 0,
        3_000_000_001L, 0, 0, 1, null);
    MultiMap headers = apply(allowed, new EdgeConfig.Headers(true, true, EdgeConfig.ResetStyle.EPOCH));
    assertThat(headers.get("Retry-After")).isNull();
    assertThat(headers.get("RateLimit")).isEqualTo("\"api\";r=42;t=4");
    assertThat(headers.get("X-RateLimit-Reset")).isEqualTo("1700000004");
  }

  @Test
  void aRequestThatCanNeverPassHasNoRetryAfterAndLegacyHeadersCanBeOff() {
    EdgeDecision never = new EdgeDecision().set(EdgeDecision.Outcome.DENIED, DecisionReason.LEASE, POLICY, 5,
        EdgeDecision.NEVER, EdgeDecision.NEVER, 0, 0, 1, null);
    MultiMap headers = apply(never, new EdgeConfig.Headers(true, false, EdgeConfig.ResetStyle.DELTA));
    assertThat(headers.get("Retry-After")).isNull();
    assertThat(headers.get("RateLimit")).isEqualTo("\"api\";r=0");
    assertThat(headers.contains("X-RateLimit-Limit")).isFalse();
  }

  @Test
  void noPolicyNoFields() {
    assertThat(apply(new EdgeDecision(), new EdgeConfig.Headers(true, true, EdgeConfig.ResetStyle.DELTA)).isEmpty()).isTrue();
  }

  @Test
  void pathsAreNormalisedLikeProxiedRequests() {
    assertThat(PathNormalizer.normalize("/api/%73earch/../x?q=1")).isEqualTo("/api/x");
    assertThat(PathNormalizer.normalize("/api/%73earch")).isEqualTo("/api/search");
    assertThat(PathNormalizer.normalize("/a%2Fb")).isEqualTo("/a%2Fb");
    assertThat(PathNormalizer.normalize("api")).isNull();
    assertThat(PathNormalizer.normalize("/bad%zz")).isNull();
  }
}

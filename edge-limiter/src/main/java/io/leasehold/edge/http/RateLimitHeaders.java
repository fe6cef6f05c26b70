package io.leasehold.edge.http;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.edge.EdgeDecision;
import io.leasehold.edge.LimitPolicy;
import io.vertx.core.MultiMap;

/**
 * Rate-limit response fields (shared/notes/anchors.md Part D): IETF {@code RateLimit-Policy} and
 * {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers), {@code Retry-After} on rejections, and
 * optionally the de-facto {@code X-RateLimit-Limit/Remaining/Reset}, reset as delta or epoch seconds.
 * For a token bucket {@code t} is the time until the request could pass (rejected) or until the
 * bucket is full again (allowed), rounded up to whole seconds.
 */
public final class RateLimitHeaders {
  public static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
  public static final String RATE_LIMIT = "RateLimit";
  public static final String RETRY_AFTER = "Retry-After";
  public static final String X_LIMIT = "X-RateLimit-Limit";
  public static final String X_REMAINING = "X-RateLimit-Remaining";
  public static final String X_RESET = "X-RateLimit-Reset";

  private RateLimitHeaders() {}

  /** Seconds, rounded up, for a wait in nanoseconds; -1 for {@link EdgeDecision#NEVER}. */
  public static long ceilSeconds(long nanos) {
    if (nanos == EdgeDecision.NEVER) {
      return -1;
    }
    return nanos <= 0 ? 0 : (nanos - 1) / 1_000_000_000L + 1;
  }

  /** Adds the fields for {@code decision} to {@code headers}; nothing when no enforced rule matched. */
  public static void apply(MultiMap headers, EdgeDecision decision, EdgeConfig.Headers settings, long epochSecondsNow) {
    LimitPolicy policy = decision.policy();
    if (policy == null) {
      return;
    }
    boolean denied = decision.outcome() == EdgeDecision.Outcome.DENIED;
    long remaining = denied ? 0 : Math.max(0, decision.remaining());
    long t = denied ? ceilSeconds(decision.retryAfterNanos()) : ceilSeconds(decision.resetAfterNanos());
    if (t < 0) {
      t = denied ? -1 : policy.windowSeconds();
    }
    headers.set(RATE_LIMIT_POLICY, policy.policyItem());
    headers.set(RATE_LIMIT, t >= 0 ? policy.policyName() + ";r=" + remaining + ";t=" + t
        : policy.policyName() + ";r=" + remaining);
    if (denied && t >= 0) {
      headers.set(RETRY_AFTER, Long.toString(Math.max(1, t)));
    }
    if (settings.xRateLimit()) {
      headers.set(X_LIMIT, Long.toString(policy.quota()));
      headers.set(X_REMAINING, Long.toString(remaining));
      long resetDelta = t >= 0 ? t : policy.windowSeconds();
      headers.set(X_RESET, Long.toString(
          settings.xRateLimitReset() == EdgeConfig.ResetStyle.EPOCH ? epochSecondsNow + resetDelta : resetDelta));
    }
  }
}

package io.leasehold.aggregator;

import java.time.Duration;
import java.util.Objects;

/**
 * One quota's update in a {@link QuotaStore#takeAndReturn} call.
 *
 * <p><b>Bounds.</b> Redis scripts compute with Lua numbers, which are IEEE doubles: integers are
 * exact only below 2^53 ≈ 9.007 × 10^15. The bucket holds <i>milli-tokens</i>, so a burst of at
 * most {@link #MAX_BURST} = 10^12 tokens is 10^15 milli-tokens and stays exact. (Micro-tokens
 * would put a 10^12-token bucket at 10^18, far past 2^53.) The rate is given in micro-tokens per
 * second so that fractional rates such as 1 token/min are exact; it is bounded by
 * {@link #MAX_RATE_MICRO_TOKENS_PER_SECOND} = 10^15 (10^9 tokens/s) for the same reason.
 *
 * @param quotaKey the quota's canonical id ({@code QuotaId}'s string form); non-blank, at most
 *     {@link #MAX_QUOTA_KEY_LENGTH} characters
 * @param rateMicroTokensPerSecond refill rate of the regional bucket, micro-tokens per second
 * @param burst bucket capacity in tokens; a new bucket starts full
 * @param take tokens wanted; the grant is at most this and at most what the bucket holds
 * @param giveBack unused tokens that edges returned; credited before the take, capped at burst
 * @param consumed tokens the edges reported consumed, added to the usage counter (traffic share)
 * @param idleTtl how long the quota's state survives without any op (at least 1 ms)
 */
public record StoreOp(
    String quotaKey,
    long rateMicroTokensPerSecond,
    long burst,
    long take,
    long giveBack,
    long consumed,
    Duration idleTtl) {

  public static final long MAX_BURST = 1_000_000_000_000L;
  public static final long MAX_RATE_MICRO_TOKENS_PER_SECOND = 1_000_000_000_000_000L;
  public static final int MAX_QUOTA_KEY_LENGTH = 1024;
  public static final Duration MAX_IDLE_TTL = Duration.ofDays(30);
  public static final long MICROS_PER_TOKEN = 1_000_000L;

  public StoreOp {
    Objects.requireNonNull(quotaKey, "StoreOp.quotaKey: must not be null");
    if (quotaKey.isBlank()) {
      throw new IllegalArgumentException("StoreOp.quotaKey: '" + quotaKey + "' is blank; a quota key names the quota");
    }
    if (quotaKey.length() > MAX_QUOTA_KEY_LENGTH) {
      throw new IllegalArgumentException("StoreOp(" + abbreviate(quotaKey) + ").quotaKey: length " + quotaKey.length()
          + " exceeds the maximum " + MAX_QUOTA_KEY_LENGTH + " characters");
    }
    requireRange(quotaKey, "rateMicroTokensPerSecond", rateMicroTokensPerSecond, MAX_RATE_MICRO_TOKENS_PER_SECOND,
        "micro-tokens/s (10^9 tokens/s; Lua doubles are exact only below 2^53)");
    requireRange(quotaKey, "burst", burst, MAX_BURST, "tokens (10^15 milli-tokens; Lua doubles are exact only below 2^53)");
    requireRange(quotaKey, "take", take, MAX_BURST, "tokens");
    requireRange(quotaKey, "giveBack", giveBack, MAX_BURST, "tokens");
    requireRange(quotaKey, "consumed", consumed, MAX_BURST, "tokens");
    Objects.requireNonNull(idleTtl, () -> "StoreOp(" + abbreviate(quotaKey) + ").idleTtl: must not be null");
    if (idleTtl.toMillis() < 1 || idleTtl.compareTo(MAX_IDLE_TTL) > 0) {
      throw new IllegalArgumentException("StoreOp(" + abbreviate(quotaKey) + ").idleTtl: " + idleTtl
          + " is outside [PT0.001S, " + MAX_IDLE_TTL + "]");
    }
  }

  /** An op that only takes tokens. */
  public static StoreOp take(String quotaKey, long rateMicroTokensPerSecond, long burst, long take, Duration idleTtl) {
    return new StoreOp(quotaKey, rateMicroTokensPerSecond, burst, take, 0, 0, idleTtl);
  }

  /** Converts a rate in whole tokens per second to {@link #rateMicroTokensPerSecond}. */
  public static long tokensPerSecond(long tokensPerSecond) {
    return Math.multiplyExact(tokensPerSecond, MICROS_PER_TOKEN);
  }

  /** The idle TTL in whole milliseconds, as sent to Redis {@code PEXPIRE}. */
  public long idleTtlMillis() {
    return idleTtl.toMillis();
  }

  private static void requireRange(String quotaKey, String field, long value, long max, String unit) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("StoreOp(" + abbreviate(quotaKey) + ")." + field + ": " + value
          + " is outside [0, " + max + "] " + unit);
    }
  }

  private static String abbreviate(String key) {
    return key.length() <= 64 ? key : key.substring(0, 61) + "...";
  }
}

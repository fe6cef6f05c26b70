package io.leasehold.model.message;

/**
 * Bounds the decoder enforces on every inter-tier message. They keep memory per request bounded
 * and keep every sum and product the allocators compute inside a {@code long}.
 */
public final class MessageLimits {

  /** Tier ids and region names: printable ASCII without spaces, this long at most. */
  public static final int MAX_ID_LENGTH = 128;

  /** Rule ids: any characters but control characters, this long at most. */
  public static final int MAX_RULE_ID_LENGTH = 128;

  /** Highest limit index within a rule. */
  public static final int MAX_LIMIT_INDEX = 255;

  /**
   * Key values, in UTF-16 chars. Longer extracted keys should be hashed by the key extractor
   * before they become quota ids.
   */
  public static final int MAX_KEY_LENGTH = 1024;

  /** Entries in any one list of a message (reports, leases, demand, acks, held, grants, …). */
  public static final int MAX_LIST_SIZE = 100_000;

  /** Length of an inline config payload, in chars (4 Mi). */
  public static final int MAX_CONFIG_LENGTH = 4 * 1024 * 1024;

  /**
   * Token counts (consumed, denied, returned, lease tokens, burst): 10^12. Summing
   * {@link #MAX_LIST_SIZE} of them stays below 10^17, far from overflow; as micro-tokens
   * (×10^6) one still fits in a {@code long}.
   */
  public static final long MAX_TOKENS = 1_000_000_000_000L;

  /** Rates, in micro-tokens per second: 10^14, i.e. 10^8 tokens/s. See {@link MicroTokens}. */
  public static final long MAX_MICRO_TOKENS_PER_SECOND = MicroTokens.MAX_PER_SECOND;

  /** Grant and lease TTLs: one day, in milliseconds. */
  public static final long MAX_TTL_MILLIS = 86_400_000L;

  /** Next-sync hints: one hour, in milliseconds. */
  public static final long MAX_NEXT_SYNC_MILLIS = 3_600_000L;

  private MessageLimits() {}
}

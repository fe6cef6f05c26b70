package io.leasehold.aggregator.redis;

import java.nio.charset.StandardCharsets;

/**
 * Redis key names for quotas: {@code <prefix>:{<16 hex digits>}:<quotaKey>}.
 *
 * <p>The braces are a Redis Cluster hash tag: only the text between the first braces picks the
 * slot, so every key of one quota (today one hash holding bucket and counters; tomorrow perhaps
 * more) lands in the same slot and one script may touch them all. The tag is a 64-bit FNV-1a hash
 * of the quota key rather than the key itself because a quota key may contain braces (header
 * values are user input) and because hashing spreads hot rule prefixes evenly over slots. The quota
 * key follows in full, so names never collide and stay readable in {@code redis-cli}.
 */
public final class QuotaKeys {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final String prefix;

  public QuotaKeys(String prefix) {
    if (prefix == null || prefix.isBlank() || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException("keyPrefix: '" + prefix + "' must be non-blank and contain no braces"
          + " (braces would change the Redis Cluster hash tag)");
    }
    this.prefix = prefix;
  }

  public String bucketKey(String quotaKey) {
    return prefix + ":{" + hashTag(quotaKey) + "}:" + quotaKey;
  }

  static String hashTag(String quotaKey) {
    long h = FNV_OFFSET;
    for (byte b : quotaKey.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= FNV_PRIME;
    }
    String hex = Long.toHexString(h);
    return "0".repeat(16 - hex.length()) + hex;
  }
}

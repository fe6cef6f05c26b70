package io.leasehold.edge.core;

/**
 * A keyed 128-bit hash of a (rule, key) pair: the lease table's identity of an entry. Each rule
 * runtime draws two secret 64-bit seeds at random, so the hash is unpredictable from outside the
 * process and two runtimes of one rule id (before and after a rules change) never share entries.
 *
 * <p>The table trusts a match of both halves without reading the stored key (that key sits in
 * objects the request path would otherwise miss on): for two distinct keys to share an entry they
 * must collide in both independently seeded lanes, about 2^-128 per pair for keys an attacker
 * cannot choose against the seeds, 2^-88 over a full table of 2^20 keys. It is a multiply-fold
 * hash (wyhash's "mum" step on 4 UTF-16 units at a time), fast rather than cryptographic.
 *
 * <p>A mutable holder, one per thread, so that hashing allocates nothing; the String's own cached
 * {@code hashCode} is not used, so every request pays for hashing its key.
 */
final class KeyHash {
  private static final long P0 = 0xa0761d6478bd642fL;
  private static final long P1 = 0xe7037ed1a0b428dbL;
  private static final long P2 = 0x8ebc6af09c88c6e3L;
  private static final long P3 = 0x589965cc75374cc3L;

  /** Never {@link LeaseTable#EMPTY} nor {@link LeaseTable#TOMBSTONE}. */
  long lo;
  long hi;

  KeyHash of(RuleRuntime rule, String key) {
    return of(rule.seedLo, rule.seedHi, key);
  }

  KeyHash of(long seedLo, long seedHi, String key) {
    int n = key.length();
    long a = seedLo ^ (n * P0);
    long b = seedHi ^ (n * P1);
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long w = key.charAt(i) | (long) key.charAt(i + 1) << 16 | (long) key.charAt(i + 2) << 32
          | (long) key.charAt(i + 3) << 48;
      a = mum(w ^ P0, a ^ P2);
      b = mum(w ^ P1, b ^ P3);
    }
    if (i < n) {
      long w = 0;
      for (int shift = 0; i < n; i++, shift += 16) {
        w |= (long) key.charAt(i) << shift;
      }
      a = mum(w ^ P0, a ^ P2);
      b = mum(w ^ P1, b ^ P3);
    }
    long l = mum(a ^ P1, b ^ P0);
    long h = mum(b ^ P3, a ^ P2);
    lo = l == LeaseTable.EMPTY || l == LeaseTable.TOMBSTONE ? l + 2 : l;
    hi = h;
    return this;
  }

  private static long mum(long x, long y) {
    return x * y ^ Math.multiplyHigh(x, y);
  }
}

package io.leasehold.coordinator.etcd;

import io.etcd.jetcd.ByteSequence;
import io.leasehold.coordinator.ConfigProblem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where rules live in etcd: one key per rule under a prefix, plus a revision key that every config
 * write bumps. Both are read and watched as one key range, so a snapshot and the change stream see
 * rules and revision key consistently; keys in that range that are neither are ignored.
 */
final class RuleKeyLayout {
  /** Rule ids become key segments: no '/', nothing that needs escaping, bounded length. */
  static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final String prefix;
  private final byte[] prefixBytes;
  private final ByteSequence revisionKey;
  private final ByteSequence rangeStart;
  private final ByteSequence rangeEnd;

  RuleKeyLayout(String prefix, String revisionKey) {
    this.prefix = prefix;
    this.prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    this.revisionKey = bs(revisionKey);
    byte[] rev = revisionKey.getBytes(StandardCharsets.UTF_8);
    byte[] revEnd = Arrays.copyOf(rev, rev.length + 1); // the smallest key after the revision key
    byte[] prefixEnd = prefixEnd(prefixBytes);
    this.rangeStart = ByteSequence.from(Arrays.compareUnsigned(rev, prefixBytes) < 0 ? rev : prefixBytes);
    this.rangeEnd = ByteSequence.from(Arrays.compareUnsigned(revEnd, prefixEnd) > 0 ? revEnd : prefixEnd);
  }

  static RuleKeyLayout of(EtcdConfig config) {
    return new RuleKeyLayout(config.rulesPrefix(), config.rulesRevisionKey());
  }

  /** First key of the range holding the rules and the revision key. */
  ByteSequence rangeStart() {
    return rangeStart;
  }

  /** End (exclusive) of the range holding the rules and the revision key. */
  ByteSequence rangeEnd() {
    return rangeEnd;
  }

  ByteSequence revisionKey() {
    return revisionKey;
  }

  boolean isRevisionKey(ByteSequence key) {
    return revisionKey.equals(key);
  }

  ByteSequence ruleKey(String id) {
    return bs(prefix + id);
  }

  /** The rule id stored at {@code key}, or empty when the key is not a rule key. */
  Optional<String> ruleId(ByteSequence key) {
    byte[] k = key.getBytes();
    if (k.length <= prefixBytes.length
        || !Arrays.equals(k, 0, prefixBytes.length, prefixBytes, 0, prefixBytes.length)) {
      return Optional.empty();
    }
    String id = new String(k, prefixBytes.length, k.length - prefixBytes.length, StandardCharsets.UTF_8);
    return RULE_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /** A problem when {@code id} cannot be a rule id. */
  static Optional<ConfigProblem> checkId(String path, String id) {
    if (id == null || !RULE_ID.matcher(id).matches()) {
      return Optional.of(new ConfigProblem(path, id,
          "a rule id is 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit"));
    }
    return Optional.empty();
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** etcd's prefix end: the prefix with its last byte below 0xff incremented and the rest dropped. */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xff) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return new byte[] {0}; // all 0xff: to the end of the key space
  }
}

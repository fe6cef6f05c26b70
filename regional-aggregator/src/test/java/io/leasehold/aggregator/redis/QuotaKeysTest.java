package io.leasehold.aggregator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuotaKeysTest {
  private final QuotaKeys keys = new QuotaKeys("lh:prod");

  @Test
  void theHashTagIsTheFirstBracePairEvenWhenTheQuotaKeyHasBraces() {
    String key = keys.bucketKey("api-per-key/0/{evil}");
    assertThat(key).matches("lh:prod:\\{[0-9a-f]{16}\\}:api-per-key/0/\\{evil\\}");
    String tag = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
    assertThat(tag).isEqualTo(QuotaKeys.hashTag("api-per-key/0/{evil}"));
  }

  @Test
  void theTagIsStableFnv1a64() {
    // FNV-1a 64 test vectors: "" and "a"
    assertThat(QuotaKeys.hashTag("")).isEqualTo("cbf29ce484222325");
    assertThat(QuotaKeys.hashTag("a")).isEqualTo("af63dc4c8601ec8c");
  }

  @Test
  void distinctQuotaKeysGetDistinctRedisKeys() {
    assertThat(keys.bucketKey("r/0/a")).isNotEqualTo(keys.bucketKey("r/0/b"));
  }

  @Test
  void aPrefixWithBracesIsRejected() {
    assertThatThrownBy(() -> new QuotaKeys("lh:{x}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyPrefix: 'lh:{x}'");
  }
}

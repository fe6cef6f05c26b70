package io.leasehold.model.rules.match;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaKeysTest {

  @Test
  void keepsPlainValuesAsTheSameInstance() {
    String value = "tenant-42";

    assertThat(QuotaKeys.part(value)).isSameAs(value);
  }

  @Test
  void marksMissingValuesAndEscapesTheMarker() {
    assertThat(QuotaKeys.part(null)).isEqualTo("-");
    assertThat(QuotaKeys.part("")).isEqualTo("-");
    assertThat(QuotaKeys.part("-")).isEqualTo("%2D");
    assertThat(QuotaKeys.part("--")).isEqualTo("--");
  }

  @Test
  void escapesSeparatorHashMarkerAndEscapeCharacter() {
    assertThat(QuotaKeys.part("a|b")).isEqualTo("a%7Cb");
    assertThat(QuotaKeys.part("#x")).isEqualTo("%23x");
    assertThat(QuotaKeys.part("100%")).isEqualTo("100%25");
    assertThat(QuotaKeys.part("%7C")).isEqualTo("%257C");
  }

  @Test
  void hashesLongKeysStablyAndDistinctly() {
    String longKey = "k".repeat(129);
    String otherLongKey = "k".repeat(128) + "j";

    String hashed = QuotaKeys.bounded(longKey);

    assertThat(hashed).startsWith("#").hasSize(25);
    assertThat(QuotaKeys.bounded(longKey)).isEqualTo(hashed);
    assertThat(QuotaKeys.bounded(otherLongKey)).isNotEqualTo(hashed);
    // pinned: the hash is part of the quota identity shared by every tier and process
    assertThat(QuotaKeys.hashed("k".repeat(129))).isEqualTo(hashed).isEqualTo(QuotaKeys.hashed(longKey));
    assertThat(QuotaKeys.hashed("abc")).isEqualTo("#ungWv48Bz-pBQUDeXa4iI7AD");
  }

  @Test
  void keepsKeysUpToTheLimit() {
    String key = "k".repeat(QuotaKeys.MAX_KEY_CHARS);

    assertThat(QuotaKeys.bounded(key)).isSameAs(key);
  }
}

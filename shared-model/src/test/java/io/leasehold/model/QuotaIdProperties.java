package io.leasehold.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class QuotaIdProperties {

  @Property
  void stringFormRoundTrips(@ForAll("quotaIds") QuotaId id) {
    assertThat(QuotaId.parse(id.asString())).isEqualTo(id);
  }

  @Property
  void distinctIdsHaveDistinctStringForms(@ForAll("quotaIds") QuotaId a, @ForAll("quotaIds") QuotaId b) {
    assertThat(a.asString().equals(b.asString())).isEqualTo(a.equals(b));
  }

  @Property
  void stringFormOfARuleIdWithoutSeparatorsOrEscapesIsVerbatim(
      @ForAll("plainRuleIds") String ruleId, @ForAll("anyStrings") String key) {
    assertThat(new QuotaId(ruleId, 3, key).asString()).isEqualTo(ruleId + "/3/" + key);
  }

  @Provide
  Arbitrary<QuotaId> quotaIds() {
    Arbitrary<String> ruleIds = anyStrings().filter(s -> !s.isEmpty());
    Arbitrary<Integer> limitIndexes = Arbitraries.integers().between(0, Integer.MAX_VALUE);
    return Combinators.combine(ruleIds, limitIndexes, anyStrings()).as(QuotaId::new);
  }

  @Provide
  Arbitrary<String> plainRuleIds() {
    return Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(20);
  }

  /** Any UTF-16 text, lone surrogates included, rich in the characters the string form treats specially. */
  @Provide
  Arbitrary<String> anyStrings() {
    Arbitrary<Character> special = Arbitraries.of('/', '%', '2', '5', 'F', 'f');
    return Arbitraries.frequencyOf(Tuple.of(1, special), Tuple.of(2, Arbitraries.chars()))
        .list().ofMaxSize(24)
        .map(QuotaIdProperties::join);
  }

  private static String join(List<Character> chars) {
    StringBuilder out = new StringBuilder(chars.size());
    chars.forEach(out::append);
    return out.toString();
  }
}

package io.leasehold.model.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class RuleConfigProperties {

  @Property(tries = 300)
  void everyValidRuleSetRoundTripsThroughYamlAndJson(@ForAll("ruleSets") RuleSet rules) {
    ConfigResult<RuleSet> fromYaml = RuleConfig.parseYaml(rules.toYaml());
    ConfigResult<RuleSet> fromJson = RuleConfig.parseJson(rules.toJson());

    assertThat(fromYaml.problems()).as(rules.toYaml()).isEmpty();
    assertThat(fromYaml.value()).isEqualTo(rules);
    assertThat(fromJson.problems()).as(rules.toJson()).isEmpty();
    assertThat(fromJson.value()).isEqualTo(rules);
    assertThat(RuleConfig.validate(rules)).isEmpty();
  }

  @Property(tries = 100)
  void everyValidRuleRoundTripsAlone(@ForAll("rules") Rule rule) {
    assertThat(RuleConfig.parseRule(RuleConfig.toJson(rule)).value()).isEqualTo(rule);
    assertThat(RuleConfig.parseRuleYaml(RuleConfig.toYaml(rule)).value()).isEqualTo(rule);
  }

  @Property(tries = 500)
  void parsingArbitraryTextNeverThrows(@ForAll String text) {
    assertResultIsWellFormed(RuleConfig.parseYaml(text));
    assertResultIsWellFormed(RuleConfig.parseJson(text));
    assertResultIsWellFormed(RuleConfig.parseRule(text));
    assertResultIsWellFormed(RuleConfig.parseRuleYaml(text));
  }

  @Property(tries = 300)
  void parsingCorruptedConfigurationsNeverThrows(@ForAll("ruleSets") RuleSet rules,
      @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll @IntRange(min = 0, max = 20) int length,
      @ForAll String replacement) {
    for (String text : List.of(rules.toYaml(), rules.toJson())) {
      int from = Math.min(at, text.length());
      int to = Math.min(from + length, text.length());
      String corrupted = text.substring(0, from) + replacement + text.substring(to);

      assertResultIsWellFormed(RuleConfig.parseYaml(corrupted));
      assertResultIsWellFormed(RuleConfig.parseJson(corrupted));
    }
  }

  private static void assertResultIsWellFormed(ConfigResult<?> result) {
    assertThat(result.isValid()).isNotEqualTo(!result.problems().isEmpty());
    result.problems().forEach(problem -> assertThat(problem.path()).isNotBlank());
  }

  // ---- generators: valid rules only, every option exercised ----

  @Provide
  Arbitrary<RuleSet> ruleSets() {
    return rules().list().ofMaxSize(4).uniqueElements(Rule::id).map(RuleSet::new);
  }

  @Provide
  Arbitrary<Rule> rules() {
    Arbitrary<Rule.Builder> common = Combinators.combine(ids(), descriptions(), matches(), keys(), limitLists(),
            Arbitraries.of(OnUnavailable.class), Arbitraries.of(true, false))
        .as((id, description, match, key, limits, onUnavailable, shadow) -> Rule.builder(id).description(description)
            .match(match).key(key).limits(limits).onUnavailable(onUnavailable).shadow(shadow));
    return common.flatMap(builder -> {
      Rule base = builder.build();
      return Combinators.combine(Arbitraries.of(Scope.class), costs(base.smallestBurst()),
              Arbitraries.integers().between(0, Rule.MAX_PRIORITY), regionSettings(), unseenKeys(base.smallestBurst()),
              thinShares())
          .as((scope, cost, priority, regions, unseen, thin) -> {
            Rule.Builder b = base.toBuilder().scope(scope).cost(cost);
            if (scope != Scope.EDGE) {
              b.priority(priority).unseenKey(unseen);
              if (!base.key().isConstant()) {
                b.thinShare(thin);
              }
            }
            if (scope == Scope.GLOBAL) {
              regions.applyTo(b);
            }
            return b.build();
          });
    });
  }

  private Arbitrary<String> ids() {
    Arbitrary<String> first = Arbitraries.strings().withChars("abcz09").ofLength(1);
    Arbitrary<String> rest = Arbitraries.strings().withChars("abcxyz0189._-").ofMaxLength(20);
    return Combinators.combine(first, rest).as(String::concat);
  }

  private Arbitrary<String> descriptions() {
    Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\ud7ff')
        .withChars('\n', '\t', '\ufeff', '\u2028').ofMaxLength(40);
    return Arbitraries.oneOf(Arbitraries.just(""), printable, Arbitraries.of("😀 emoji", "\uD83D\uDE00"),
        Arbitraries.of("yes", "no", "true", "123", "0.5", "null", "~", "*", "- x", "a: b", "#c", "'q'", "\"d\"", "x\ny"));
  }

  private Arbitrary<Match> matches() {
    Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of("*", "**", "api", "v1", "users", "_x", "a.b", "%41"),
        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6));
    Arbitrary<String> path = segment.list().ofMaxSize(5).map(segments -> "/" + String.join("/", segments))
        .map(io.leasehold.model.rules.match.PathPattern::normalize);
    Arbitrary<List<String>> methods = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "PROPFIND")
        .list().ofMaxSize(3);
    Arbitrary<Map<String, String>> headers = Arbitraries.maps(headerNames(), headerValues()).ofMaxSize(3);
    return Combinators.combine(path, methods, headers).as(Match::new);
  }

  private Arbitrary<String> headerNames() {
    return Arbitraries.strings().withChars("abcXYZ09-_!#$%&'*+.^`|~").ofMinLength(1).ofMaxLength(12);
  }

  private Arbitrary<String> headerValues() {
    return Arbitraries.oneOf(Arbitraries.of("*", "", "123", "true", "no", "null", "~", "a b", "é", "-"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20));
  }

  private Arbitrary<KeySpec> keys() {
    Arbitrary<KeyPart> part = Arbitraries.oneOf(Arbitraries.just(KeyPart.IP), headerNames().map(KeyPart::header));
    return Arbitraries.oneOf(Arbitraries.just(KeySpec.CONSTANT),
        part.list().ofMinSize(1).ofMaxSize(KeySpec.MAX_PARTS).uniqueElements().map(KeySpec::new));
  }

  private Arbitrary<List<Limit>> limitLists() {
    Arbitrary<Rate> rates = Combinators.combine(
            Arbitraries.oneOf(Arbitraries.longs().between(1, 1000), Arbitraries.longs().between(1, Rate.MAX_TOKENS)),
            Arbitraries.of(Period.class))
        .as(Rate::of)
        // leases and grants carry at most 10^8 tokens/s (MicroTokens.MAX_PER_SECOND)
        .filter(rate -> rate.tokens() <= 100_000_000L * (rate.periodNanos() / 1_000_000_000L));
    Arbitrary<Limit> limits = rates.flatMap(rate -> Arbitraries.oneOf(
        Arbitraries.just(Limit.slidingWindow(rate)),
        Arbitraries.longs().between(1, Limit.MAX_BURST).map(burst -> Limit.of(rate, burst)),
        Arbitraries.longs().between(1, 100).map(burst -> Limit.of(rate, burst))));
    return limits.list().ofMinSize(1).ofMaxSize(Rule.MAX_LIMITS);
  }

  private Arbitrary<Cost> costs(long smallestBurst) {
    Arbitrary<Long> upToBurst = Arbitraries.longs().between(1, smallestBurst);
    return Arbitraries.oneOf(upToBurst.map(Cost::fixed),
        Combinators.combine(headerNames(), upToBurst, upToBurst)
            .as((name, a, b) -> Cost.fromHeader(name, Math.min(a, b), Math.max(a, b))));
  }

  private Arbitrary<UnseenKeyPolicy> unseenKeys(long smallestBurst) {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, smallestBurst).map(UnseenKeyPolicy::starter),
        Arbitraries.longs().between(1, 1000).map(ms -> UnseenKeyPolicy.waitUpTo(Duration.ofMillis(ms))));
  }

  private Arbitrary<ThinSharePolicy> thinShares() {
    return Arbitraries.oneOf(Arbitraries.just(ThinSharePolicy.DENY),
        Arbitraries.longs().between(1, 2000).map(ms -> ThinSharePolicy.holdUpTo(Duration.ofMillis(ms))));
  }

  private record RegionSettings(RegionShare share, Map<String, BigDecimal> floors, Map<String, BigDecimal> weights) {
    void applyTo(Rule.Builder builder) {
      builder.regionFloors(floors).regionWeights(weights)
          .keyRegionShare(share == RegionShare.WEIGHTS && weights.isEmpty() ? RegionShare.EQUAL : share);
    }
  }

  private Arbitrary<RegionSettings> regionSettings() {
    Arbitrary<List<String>> regions = Arbitraries.of("us-east", "us-west", "eu-west", "ap-south", "no", "1")
        .list().ofMaxSize(4).uniqueElements();
    Arbitrary<Map<String, BigDecimal>> floors = regions.flatMap(names -> Arbitraries.integers()
        .between(0, 10_000 / Math.max(1, names.size())).list().ofSize(names.size()).map(parts -> {
          Map<String, BigDecimal> byRegion = new LinkedHashMap<>();
          for (int i = 0; i < names.size(); i++) {
            byRegion.put(names.get(i), BigDecimal.valueOf(parts.get(i), 4));
          }
          return byRegion;
        }));
    Arbitrary<BigDecimal> weight = Arbitraries.oneOf(
        Arbitraries.longs().between(1, 1_000_000_000L).map(n -> BigDecimal.valueOf(n, 3)),
        Arbitraries.of(new BigDecimal("1E+2"), new BigDecimal("0.000001"), BigDecimal.ONE));
    Arbitrary<Map<String, BigDecimal>> weights = regions.flatMap(names -> weight.list().ofSize(names.size()).map(ws -> {
      Map<String, BigDecimal> byRegion = new LinkedHashMap<>();
      List<String> ordered = new ArrayList<>(names);
      for (int i = 0; i < ordered.size(); i++) {
        byRegion.put(ordered.get(i), ws.get(i));
      }
      return byRegion;
    }));
    return Combinators.combine(Arbitraries.of(RegionShare.class), floors, weights).as(RegionSettings::new);
  }
}

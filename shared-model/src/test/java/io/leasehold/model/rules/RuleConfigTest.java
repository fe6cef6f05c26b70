package io.leasehold.model.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleConfigTest {

  private static final String DESIGN_EXAMPLE = String.join("\n",
      "rules:",
      "  - id: api-per-key",
      "    match: { path: \"/api/**\" }",
      "    key: header:X-Api-Key",
      "    scope: global",
      "    limits:",
      "      - { rate: 100/s, burst: 200 }",
      "      - { rate: 5000/h }",
      "    on_unavailable: floor",
      "  - id: search-global",
      "    match: { path: \"/api/search\", methods: [GET] }",
      "    key: constant",
      "    scope: global",
      "    limits: [ { rate: 50000/s } ]",
      "    region_floors: { us-east: 0.2, eu-west: 0.2 }",
      "");

  @Test
  void readsTheDesignExample() {
    RuleSet rules = RuleConfig.parseYaml(DESIGN_EXAMPLE).value();

    assertThat(rules.rules()).extracting(Rule::id).containsExactly("api-per-key", "search-global");
    Rule perKey = rules.rule("api-per-key").orElseThrow();
    assertThat(perKey.key()).isEqualTo(KeySpec.header("x-api-key"));
    assertThat(perKey.limits()).containsExactly(
        new Limit(Rate.perSecond(100), 200, Algorithm.TOKEN_BUCKET), Limit.of(Rate.perHour(5000)));
    Rule search = rules.rule("search-global").orElseThrow();
    assertThat(search.match()).isEqualTo(Match.path("/api/search").withMethods("GET"));
    assertThat(search.key().isConstant()).isTrue();
    assertThat(search.regionFloors()).isEqualTo(Map.of("us-east", new BigDecimal("0.2"), "eu-west", new BigDecimal("0.2")));
  }

  @Test
  void appliesEveryDefault() {
    Rule rule = RuleConfig.parseYaml("rules: [{id: a, key: ip, limits: [{rate: 20/m}]}]").value().rules().get(0);

    assertThat(rule.description()).isEmpty();
    assertThat(rule.match()).isEqualTo(Match.ANY);
    assertThat(rule.scope()).isEqualTo(Scope.GLOBAL);
    assertThat(rule.limits()).containsExactly(new Limit(Rate.perMinute(20), 20, Algorithm.TOKEN_BUCKET));
    assertThat(rule.cost()).isEqualTo(Cost.fixed(1));
    assertThat(rule.onUnavailable()).isEqualTo(OnUnavailable.FLOOR);
    assertThat(rule.shadow()).isFalse();
    assertThat(rule.priority()).isZero();
    assertThat(rule.keyRegionShare()).isEqualTo(RegionShare.EQUAL);
    assertThat(rule.regionFloors()).isEmpty();
    assertThat(rule.regionWeights()).isEmpty();
    assertThat(rule.unseenKey()).isEqualTo(UnseenKeyPolicy.starter(10));
    assertThat(rule).isEqualTo(Rule.builder("a").key(KeySpec.IP).limits(Limit.of(Rate.perMinute(20))).build());
  }

  @Test
  void defaultStarterAllowanceIsCappedBySmallestBurst() {
    Rule rule = RuleConfig.parseYaml("rules: [{id: a, key: ip, limits: [{rate: 100/s}, {rate: 3/s, burst: 4}]}]")
        .value().rules().get(0);

    assertThat(rule.unseenKey()).isEqualTo(UnseenKeyPolicy.starter(4));
  }

  @Test
  void waitModeDefaultsToFiftyMilliseconds() {
    Rule rule = RuleConfig.parseYaml("rules: [{id: a, key: ip, unseen_key: wait, limits: [{rate: 1/s}]}]")
        .value().rules().get(0);

    assertThat(rule.unseenKey()).isEqualTo(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(50)));
  }

  @Test
  void readsEveryOptionExplicitly() {
    String yaml = String.join("\n",
        "rules:",
        "  - id: checkout.v2_post",
        "    description: writes are expensive",
        "    match:",
        "      path: /shop//checkout/*/",
        "      methods: [post, PUT, POST]",
        "      headers: { X-Tenant: \"*\", X-Env: prod }",
        "    key: [header:X-Tenant, ip]",
        "    scope: global",
        "    limits:",
        "      - { rate: 10/s, burst: 30 }",
        "      - { rate: 1000/d, algorithm: sliding_window }",
        "    cost: { header: X-Cost, default: 2, max: 30 }",
        "    on_unavailable: deny",
        "    shadow: true",
        "    priority: 7",
        "    key_region_share: weights",
        "    region_floors: { us-east: 0.25, eu-west: 0.50 }",
        "    region_weights: { us-east: 3, eu-west: 1.5 }",
        "    unseen_key: wait",
        "    wait_deadline_ms: 20",
        "    thin_share: hold",
        "    hold_deadline_ms: 300");

    Rule rule = RuleConfig.parseYaml(yaml).value().rules().get(0);

    assertThat(rule).isEqualTo(Rule.builder("checkout.v2_post")
        .description("writes are expensive")
        .match(Match.path("/shop/checkout/*").withMethods("POST", "PUT").withHeader("x-tenant", "*")
            .withHeader("x-env", "prod"))
        .key(KeySpec.of(KeyPart.header("x-tenant"), KeyPart.IP))
        .limits(Limit.of(Rate.perSecond(10), 30), Limit.slidingWindow(Rate.perDay(1000)))
        .cost(Cost.fromHeader("X-Cost", 2, 30))
        .onUnavailable(OnUnavailable.DENY)
        .shadow(true)
        .priority(7)
        .keyRegionShare(RegionShare.WEIGHTS)
        .regionFloors(Map.of("us-east", new BigDecimal("0.25"), "eu-west", new BigDecimal("0.5")))
        .regionWeights(Map.of("us-east", BigDecimal.valueOf(3), "eu-west", new BigDecimal("1.5")))
        .unseenKey(UnseenKeyPolicy.waitUpTo(Duration.ofMillis(20)))
        .thinShare(ThinSharePolicy.holdUpTo(Duration.ofMillis(300)))
        .build());
  }

  @Test
  void thinShareDefaultsToDenyAndHoldToHalfASecond() {
    Rule denying = RuleConfig.parseYaml("rules: [{id: a, key: ip, limits: [{rate: 1/s}]}]").value().rules().get(0);
    Rule holding = RuleConfig.parseYaml("rules: [{id: a, key: ip, thin_share: hold, limits: [{rate: 1/s}]}]")
        .value().rules().get(0);

    assertThat(denying.thinShare()).isEqualTo(ThinSharePolicy.DENY);
    assertThat(holding.thinShare()).isEqualTo(ThinSharePolicy.holdUpTo(Duration.ofMillis(500)));
  }

  @Test
  void thinShareHoldIsRefusedWhereNoShareCanBeThin() {
    String yaml = String.join("\n",
        "rules:",
        "  - { id: a, key: ip, scope: edge, thin_share: hold, limits: [{rate: 1/s}] }",
        "  - { id: b, key: constant, thin_share: hold, limits: [{rate: 1/s}] }",
        "  - { id: c, key: ip, hold_deadline_ms: 100, limits: [{rate: 1/s}] }",
        "  - { id: d, key: ip, thin_share: hold, hold_deadline_ms: 2001, limits: [{rate: 1/s}] }",
        "  - { id: e, key: ip, thin_share: sometimes, limits: [{rate: 1/s}] }");

    ConfigResult<RuleSet> result = RuleConfig.parseYaml(yaml);

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
        "rules[0].thin_share", "rules[1].thin_share", "rules[2].hold_deadline_ms", "rules[3].hold_deadline_ms",
        "rules[4].thin_share");
  }

  @Test
  void roundTripsThroughYamlAndJson() {
    RuleSet rules = RuleConfig.parseYaml(DESIGN_EXAMPLE).value();

    assertThat(RuleConfig.parseYaml(rules.toYaml()).value()).isEqualTo(rules);
    assertThat(RuleConfig.parseJson(rules.toJson()).value()).isEqualTo(rules);
    assertThat(RuleConfig.parseYaml(rules.toJson()).value()).isEqualTo(rules);
    assertThat(RuleConfig.parseYaml(rules.toYaml()).value().toYaml()).isEqualTo(rules.toYaml());
  }

  @Test
  void quotesStringsThatYamlWouldReadAsOtherTypes() {
    Rule rule = Rule.builder("a").key(KeySpec.IP).limits(Limit.of(Rate.perSecond(1)))
        .match(Match.path("/x").withHeader("x-a", "123").withHeader("x-b", "true").withHeader("x-c", "no")
            .withHeader("x-d", "null").withHeader("x-e", "*").withHeader("x-f", "~"))
        .description("yes")
        .build();
    Rule numberLikeHeaders = rule.toBuilder().match(Match.path("/x").withHeader("x-a", "0x1F").withHeader("x-b", "1_000")
        .withHeader("x-c", "1:20").withHeader("x-d", ".inf")).build();
    RuleSet numberLike = RuleSet.of(Rule.builder("9._9").limits(Limit.of(Rate.perSecond(1))).build(), numberLikeHeaders);
    RuleSet rules = RuleSet.of(rule);

    assertThat(RuleConfig.parseYaml(rules.toYaml()).value()).isEqualTo(rules);
    assertThat(RuleConfig.parseYaml(numberLike.toYaml()).value()).isEqualTo(numberLike);
  }

  @Test
  void edgeScopedRulesOmitSettingsThatDoNotApply() {
    RuleSet rules = RuleConfig.parseYaml("rules: [{id: a, key: ip, scope: edge, limits: [{rate: 5/s}]}]").value();

    assertThat(rules.toJson()).doesNotContain("priority", "unseen_key", "key_region_share");
    assertThat(RuleConfig.parseJson(rules.toJson()).value()).isEqualTo(rules);
  }

  @Test
  void validateRejectsRulesBuiltInCodeWithSettingsTheirScopeCannotUse() {
    Rule edge = Rule.builder("a").key(KeySpec.IP).scope(Scope.EDGE).priority(3).limits(Limit.of(Rate.perSecond(5)))
        .build();

    assertThat(RuleConfig.validate(RuleSet.of(edge))).extracting(ConfigProblem::toString).containsExactly(
        "rules[0].priority: applies only to scopes global and region (an edge-scoped rule is not allocated)");
    assertThat(RuleConfig.validate(RuleSet.of(edge.toBuilder().priority(0).build()))).isEmpty();
  }

  @Test
  void reportsEveryProblemAcrossRulesAndYieldsNoRules() {
    ConfigResult<RuleSet> result = RuleConfig.parseYaml(String.join("\n",
        "rules:",
        "  - { id: a, key: ip, limits: [{ rate: 1/s }] }",
        "  - { id: b, key: ip, limits: [{ rate: 1/x }] }",
        "  - { id: a, key: ip, limits: [{ rate: 1/s }], color: red }"));

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).extracting(ConfigProblem::toString).containsExactly(
        "rules[1].limits[0].rate: \"1/x\" is not a rate (expected N/s, N/m, N/h or N/d)",
        "rules[2].color: is not a known field; expected id, description, match, key, scope, limits, cost,"
            + " on_unavailable, shadow, priority, key_region_share, region_floors, region_weights, unseen_key,"
            + " starter_allowance, wait_deadline_ms, thin_share or hold_deadline_ms",
        "rules[2].id: \"a\" is a duplicate of rules[0].id (rule ids must be unique)");
    assertThatThrownBy(result::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("rules[1]");
  }

  @Test
  void rejectsUnknownTopLevelFields() {
    assertThat(RuleConfig.parseYaml("rules: []\nrulez: []").problems()).extracting(ConfigProblem::toString)
        .containsExactly("rulez: is not a known field (did you mean rules?); expected rules");
  }

  @Test
  void anEmptyRuleListIsValid() {
    assertThat(RuleConfig.parseYaml("rules: []").value()).isEqualTo(RuleSet.EMPTY);
  }

  @Test
  void reportsSyntaxErrorsWithLineAndColumn() {
    assertThat(RuleConfig.parseYaml("rules:\n  - id: a\n    key: ip\n   limits: [x").problems())
        .extracting(ConfigProblem::toString).containsExactly(
            "config: is not valid YAML at line 4, column 4: expected <block end>, but found '<block mapping start>'"
                + " (while parsing a block collection)");
    assertThat(RuleConfig.parseJson("{\"rules\": [}").problems()).extracting(ConfigProblem::toString)
        .containsExactly("config: is not valid JSON at line 1, column 12: Unexpected close marker '}': expected ']'");
  }

  @Test
  void explainsAnUnquotedStarInYaml() {
    assertThat(RuleConfig.parseYaml("rules: [{id: a, key: ip, match: {headers: {X: *}}, limits: [{rate: 1/s}]}]")
        .problems()).extracting(ConfigProblem::toString).containsExactly(
            "config: is not valid YAML at line 1, column 48: unexpected character found }(125) (while scanning an"
                + " alias; write a literal * in quotes: \"*\")");
  }

  @Test
  void rejectsDuplicateKeysEmptyDocumentsAndSeveralDocuments() {
    assertThat(RuleConfig.parseYaml("rules: [{id: a, id: b}]").problems()).extracting(ConfigProblem::toString)
        .containsExactly("config: is not valid YAML at line 1, column 19: Duplicate field 'id'");
    assertThat(RuleConfig.parseYaml("").problems()).extracting(ConfigProblem::toString)
        .containsExactly("config: is empty");
    assertThat(RuleConfig.parseYaml((String) null).problems()).extracting(ConfigProblem::toString)
        .containsExactly("config: is missing (no text given)");
    assertThat(RuleConfig.parseYaml("rules: []\n---\nrules: []").problems()).extracting(ConfigProblem::toString)
        .containsExactly("config: is not valid YAML at line 3, column 1: more than one document (a configuration is"
            + " one document)");
    assertThat(RuleConfig.parseJson("{\"rules\": []} {}").problems()).extracting(ConfigProblem::toString)
        .containsExactly("config: is not valid JSON at line 1, column 15: content after the end of the document");
  }

  @Test
  void survivesHostileDocuments() {
    StringBuilder aliasBomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      aliasBomb.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) {
        aliasBomb.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
      }
      aliasBomb.append("]\n");
    }
    String deepJson = "[".repeat(100_000) + "]".repeat(100_000);

    // Jackson does not expand aliases into the tree, so the bomb is just ten unknown fields
    assertThat(RuleConfig.parseYaml(aliasBomb.toString()).problems()).extracting(ConfigProblem::toString)
        .hasSize(11).contains("a: is not a known field; expected rules", "rules: is required");
    assertThat(RuleConfig.parseJson(deepJson).problems()).singleElement()
        .satisfies(problem -> assertThat(problem.toString()).startsWith("config: is not valid JSON"));
    assertThat(RuleConfig.parseYaml(deepJson).problems()).singleElement()
        .satisfies(problem -> assertThat(problem.toString()).startsWith("config: "));
  }

  @Test
  void readsStreams() {
    byte[] bytes = DESIGN_EXAMPLE.getBytes(StandardCharsets.UTF_8);

    assertThat(RuleConfig.parseYaml(new ByteArrayInputStream(bytes)).value())
        .isEqualTo(RuleConfig.parseYaml(DESIGN_EXAMPLE).value());
    RuleSet rules = RuleConfig.parseYaml(DESIGN_EXAMPLE).value();
    assertThat(RuleConfig.parseJson(new ByteArrayInputStream(rules.toJson().getBytes(StandardCharsets.UTF_8))).value())
        .isEqualTo(rules);
  }

  @Test
  void readsASingleRuleWithPathsRelativeToTheRule() {
    Rule rule = RuleConfig.parseYaml(DESIGN_EXAMPLE).value().rules().get(0);

    assertThat(RuleConfig.parseRule(RuleConfig.toJson(rule)).value()).isEqualTo(rule);
    assertThat(RuleConfig.parseRuleYaml(RuleConfig.toYaml(rule)).value()).isEqualTo(rule);
    assertThat(RuleConfig.parseRule("{\"id\": \"a\", \"key\": \"ip\", \"limits\": [{\"rate\": \"5/q\"}]}").problems())
        .extracting(ConfigProblem::toString)
        .containsExactly("limits[0].rate: \"5/q\" is not a rate (expected N/s, N/m, N/h or N/d)");
    assertThat(RuleConfig.parseRule("[]").problems()).extracting(ConfigProblem::toString)
        .containsExactly("config: [] is not a rule (expected a mapping with id, match, key and limits)");
  }

  @Test
  void treatsAnExplicitNullAsAbsent() {
    Rule rule = RuleConfig.parseYaml("rules: [{id: a, key: ip, description: null, limits: [{rate: 3/s, burst: ~}]}]")
        .value().rules().get(0);

    assertThat(rule.description()).isEmpty();
    assertThat(rule.limits().get(0).burst()).isEqualTo(3);
  }

  @Test
  void acceptsTheLargestValuesWithoutOverflow() {
    Rule rule = RuleConfig.parseYaml(
        "rules: [{id: a, key: ip, limits: [{rate: 1000000000000/d, burst: 1000000000000}], cost: 1000000000000}]")
        .value().rules().get(0);

    assertThat(rule.limits().get(0).rate().tokens()).isEqualTo(Rate.MAX_TOKENS);
    assertThat(rule.limits().get(0).rate().microTokensPerSecond()).isEqualTo(11_574_074_074_074L);
    assertThat(rule.limits().get(0).rate().toBucketRate())
        .isEqualTo(io.leasehold.model.bucket.Rate.perDay(1_000_000_000_000L));
    assertThat(Math.multiplyExact(rule.limits().get(0).burst(), 1_000_000L)).isEqualTo(1_000_000_000_000_000_000L);
  }

  @Test
  void rejectsRatesFasterThanLeasesCanCarry() {
    var result = RuleConfig.parseYaml("rules: [{id: a, key: ip, limits: [{rate: 100000001/s}]}]");

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).extracting(Object::toString).containsExactly(
        "rules[0].limits[0].rate: \"100000001/s\" is faster than the maximum of 100000000 tokens per second"
            + " that leases and grants can carry");
    assertThat(RuleConfig.parseYaml("rules: [{id: a, key: ip, limits: [{rate: 100000000/s}]}]").isValid()).isTrue();
  }

  @Test
  void ruleSetEditsKeepOrderAndIds() {
    RuleSet rules = RuleConfig.parseYaml(DESIGN_EXAMPLE).value();
    Rule replaced = rules.rules().get(0).toBuilder().shadow(true).build();
    Rule added = Rule.builder("z").limits(Limit.of(Rate.perSecond(1))).build();

    assertThat(rules.with(replaced).rules()).extracting(Rule::shadow).containsExactly(true, false);
    assertThat(rules.with(added).rules()).extracting(Rule::id).containsExactly("api-per-key", "search-global", "z");
    assertThat(rules.without("api-per-key").rules()).extracting(Rule::id).containsExactly("search-global");
    assertThat(rules.without("nope")).isSameAs(rules);
    assertThatThrownBy(() -> new RuleSet(List.of(added, added))).isInstanceOf(IllegalArgumentException.class);
  }
}

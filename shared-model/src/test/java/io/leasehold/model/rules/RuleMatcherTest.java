package io.leasehold.model.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {

  private static Rule rule(String id, Match match, KeySpec key) {
    return Rule.builder(id).match(match).key(key).limits(Limit.of(Rate.perSecond(10))).build();
  }

  private static RequestView get(String path, String... headerPairs) {
    return request("GET", path, "10.0.0.1", headerPairs);
  }

  private static RequestView request(String method, String path, String client, String... headerPairs) {
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return RequestView.of(method, path, headers, client);
  }

  private static List<String> ids(List<MatchedRule> matched) {
    List<String> ids = new ArrayList<>();
    matched.forEach(m -> ids.add(m.rule().id()));
    return ids;
  }

  @Test
  void ordersMatchesMostSpecificFirst() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(
        rule("everything", Match.ANY, KeySpec.IP),
        rule("api-any", Match.path("/api/**"), KeySpec.IP),
        rule("api-one", Match.path("/api/*"), KeySpec.IP),
        rule("search", Match.path("/api/search"), KeySpec.IP),
        rule("search-get", Match.path("/api/search").withMethods("GET"), KeySpec.IP),
        rule("search-get-tenant", Match.path("/api/search").withMethods("GET").withHeader("X-Tenant", "*"), KeySpec.IP),
        rule("search-b", Match.path("/api/search"), KeySpec.IP),
        rule("other", Match.path("/other"), KeySpec.IP)));

    assertThat(ids(matcher.match(get("/api/search", "X-Tenant", "t1")))).containsExactly(
        "search-get-tenant", "search-get", "search", "search-b", "api-one", "api-any", "everything");
    assertThat(ids(matcher.match(get("/api/search")))).containsExactly(
        "search-get", "search", "search-b", "api-one", "api-any", "everything");
    assertThat(ids(matcher.match(request("POST", "/api/search", "10.0.0.1")))).containsExactly(
        "search", "search-b", "api-one", "api-any", "everything");
    assertThat(ids(matcher.match(get("/api/a/b")))).containsExactly("api-any", "everything");
  }

  @Test
  void returnsAnEmptyListWhenNothingMatches() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(rule("a", Match.path("/a"), KeySpec.IP)));

    assertThat(matcher.match(get("/b"))).isEmpty();
    assertThat(RuleMatcher.of(RuleSet.EMPTY).match(get("/"))).isEmpty();
  }

  @Test
  void matchesHeadersByExactValueOrPresenceCaseInsensitively() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(
        rule("prod", Match.ANY.withHeader("X-Env", "prod"), KeySpec.IP),
        rule("tenant", Match.ANY.withHeader("X-Tenant", Match.PRESENT), KeySpec.IP)));

    assertThat(ids(matcher.match(get("/", "x-env", "prod", "X-TENANT", "")))).containsExactly("prod", "tenant");
    assertThat(ids(matcher.match(get("/", "X-Env", "Prod")))).isEmpty();
  }

  @Test
  void buildsKeysFromHeadersAddressesAndConstants() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(
        rule("by-key", Match.path("/a"), KeySpec.header("X-Api-Key")),
        rule("by-ip", Match.path("/a"), KeySpec.IP),
        rule("total", Match.path("/a"), KeySpec.CONSTANT),
        rule("tenant-ip", Match.path("/a"), KeySpec.of(KeyPart.header("x-tenant"), KeyPart.IP))));

    Map<String, String> keys = keysById(matcher.match(
        request("GET", "/a", "2001:db8::1", "X-API-KEY", "k1", "X-Tenant", "acme")));

    assertThat(keys).containsExactlyInAnyOrderEntriesOf(Map.of(
        "by-key", "k1", "by-ip", "2001:db8::1", "total", "*", "tenant-ip", "acme|2001:db8::1"));
  }

  @Test
  void missingKeyHeadersShareTheAnonymousQuotaInsteadOfBypassingIt() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(
        rule("by-key", Match.ANY, KeySpec.header("X-Api-Key")),
        rule("tenant-ip", Match.ANY, KeySpec.of(KeyPart.header("x-tenant"), KeyPart.IP))));

    Map<String, String> anonymous = keysById(matcher.match(request("GET", "/", null)));
    Map<String, String> dash = keysById(matcher.match(request("GET", "/", "-", "X-Api-Key", "-", "X-Tenant", "-")));

    assertThat(anonymous).containsExactlyInAnyOrderEntriesOf(Map.of("by-key", "-", "tenant-ip", "-|-"));
    assertThat(dash).containsExactlyInAnyOrderEntriesOf(Map.of("by-key", "%2D", "tenant-ip", "%2D|%2D"));
  }

  @Test
  void compositeKeysCannotCollideThroughTheSeparator() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(
        rule("ab", Match.ANY, KeySpec.of(KeyPart.header("a"), KeyPart.header("b")))));

    String first = matcher.match(get("/", "a", "x|y", "b", "z")).get(0).key();
    String second = matcher.match(get("/", "a", "x", "b", "y|z")).get(0).key();

    assertThat(first).isEqualTo("x%7Cy|z");
    assertThat(second).isEqualTo("x|y%7Cz");
  }

  @Test
  void hashesLongKeysInsteadOfDroppingThem() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(rule("by-key", Match.ANY, KeySpec.header("X-Api-Key"))));

    String first = matcher.match(get("/", "X-Api-Key", "a".repeat(500))).get(0).key();
    String again = matcher.match(get("/", "X-Api-Key", "a".repeat(500))).get(0).key();
    String other = matcher.match(get("/", "X-Api-Key", "a".repeat(499) + "b")).get(0).key();

    assertThat(first).hasSize(25).startsWith("#").isEqualTo(again).isNotEqualTo(other);
  }

  @Test
  void sinkReceivesTheSameMatchesInTheSameOrder() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(
        rule("all", Match.ANY, KeySpec.IP), rule("api", Match.path("/api/**"), KeySpec.header("x-k"))));
    List<MatchedRule> viaSink = new ArrayList<>();

    int count = matcher.match(get("/api/x", "X-K", "v"), (rule, key) -> viaSink.add(new MatchedRule(rule, key)));

    assertThat(count).isEqualTo(2);
    assertThat(viaSink).isEqualTo(matcher.match(get("/api/x", "X-K", "v")));
  }

  @Test
  void matchesMethodsExactly() {
    RuleMatcher matcher = RuleMatcher.of(RuleSet.of(rule("writes", Match.ANY.withMethods("POST", "PUT"), KeySpec.IP)));

    assertThat(matcher.match(request("PUT", "/", null))).hasSize(1);
    assertThat(matcher.match(request("GET", "/", null))).isEmpty();
    assertThat(matcher.match(request("post", "/", null))).isEmpty();
  }

  private static Map<String, String> keysById(List<MatchedRule> matched) {
    Map<String, String> keys = new HashMap<>();
    matched.forEach(m -> keys.put(m.rule().id(), m.key()));
    return keys;
  }
}

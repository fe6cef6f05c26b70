package io.leasehold.aggregator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.leasehold.model.QuotaId;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSetPoliciesTest {
  private static final RuleSet RULES = RuleConfig.parseYaml("""
      rules:
        - id: per-key
          key: header:X-Api-Key
          limits: [ { rate: 300/s, burst: 600 }, { rate: 3600/h } ]
          region_floors: { eu-west: 0.2 }
        - id: weighted
          key: header:X-Api-Key
          limits: [ { rate: 100/s } ]
          key_region_share: weights
          region_weights: { eu-west: 3, us-east: 1 }
        - id: search
          key: constant
          limits: [ { rate: 50000/s } ]
        - id: local
          key: ip
          scope: region
          limits: [ { rate: 10/s } ]
        - id: edge-only
          key: ip
          scope: edge
          limits: [ { rate: 10/s } ]
      """).value();

  @Test
  void resolves_each_limit_for_this_region() {
    QuotaPolicies policies = RuleSetPolicies.of(RULES, "eu-west", List.of("us-east", "eu-west", "ap-south"));

    QuotaPolicy first = policies.find(new QuotaId("per-key", 0, "k")).orElseThrow();
    assertThat(first.coordinated()).isTrue();
    assertThat(first.perKey()).isTrue();
    assertThat(first.limitMicroTokensPerSecond()).isEqualTo(300_000_000L);
    assertThat(first.limitBurst()).isEqualTo(600);
    assertThat(first.regionFloorMicroTokensPerSecond()).isEqualTo(60_000_000L);
    assertThat(first.shareDenominator()).isEqualTo(3);
    assertThat(policies.find(new QuotaId("per-key", 1, "k")).orElseThrow().limitMicroTokensPerSecond())
        .isEqualTo(1_000_000L);

    QuotaPolicy weighted = policies.find(new QuotaId("weighted", 0, "k")).orElseThrow();
    assertThat(weighted.keyShare()).isEqualTo(QuotaPolicy.KeyShare.WEIGHTS);
    assertThat(weighted.shareNumerator() * 4).isEqualTo(weighted.shareDenominator() * 3);

    assertThat(policies.find(QuotaId.aggregate("search", 0)).orElseThrow().perKey()).isFalse();
    assertThat(policies.find(new QuotaId("local", 0, "1.2.3.4")).orElseThrow().coordinated()).isFalse();
    assertThat(policies.find(new QuotaId("edge-only", 0, "1.2.3.4"))).isEmpty();
    assertThat(policies.find(new QuotaId("missing", 0, "k"))).isEmpty();
  }

  @Test
  void lists_the_starter_rules_the_aggregator_leases_with_their_configured_allowance() {
    RuleSet rules = RuleConfig.parseYaml("""
        rules:
          - id: default-starter
            key: ip
            limits: [ { rate: 100/s, burst: 5 } ]
          - id: explicit
            key: ip
            limits: [ { rate: 100/s } ]
            starter_allowance: 3
          - id: waits
            key: ip
            limits: [ { rate: 100/s } ]
            unseen_key: wait
          - id: edge-only
            key: ip
            scope: edge
            limits: [ { rate: 10/s } ]
        """).value();

    assertThat(RuleSetPolicies.of(rules, "eu-west", List.of("eu-west")).starterRules())
        .containsOnly(entry("default-starter", 5L), entry("explicit", 3L));
  }

  @Test
  void equal_shares_count_the_deployments_regions_identically_in_every_region() {
    List<String> regions = List.of("us-east", "eu-west", "ap-south");
    for (String region : regions) {
      QuotaPolicy policy = RuleSetPolicies.of(RULES, region, regions).find(new QuotaId("per-key", 0, "k")).orElseThrow();
      // the rule names only eu-west (a floor): N is still the list's size, not the regions named plus this one
      assertThat(policy.shareDenominator()).as(region).isEqualTo(3);
      assertThat(policy.shareNumerator()).isEqualTo(1);
    }
  }

  @Test
  void the_deployments_region_list_is_required_and_must_name_this_region() {
    assertThatThrownBy(() -> RuleSetPolicies.of(RULES, "eu-west", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("regions: []: required: every region of the deployment");
    assertThatThrownBy(() -> RuleSetPolicies.of(RULES, "eu-west", List.of("us-east")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("regions: [us-east]: must contain this region 'eu-west'");
  }

  @Test
  void a_traffic_share_has_no_static_part() {
    RuleSet traffic = RuleConfig.parseYaml("""
        rules:
          - id: t
            key: header:X-Api-Key
            limits: [ { rate: 100/s } ]
            key_region_share: traffic
            region_floors: { eu-west: 0.1 }
        """).value();
    QuotaPolicy policy = RuleSetPolicies.of(traffic, "eu-west", List.of("us-east", "eu-west"))
        .find(new QuotaId("t", 0, "k")).orElseThrow();
    assertThat(policy.keyShare()).isEqualTo(QuotaPolicy.KeyShare.TRAFFIC);
    assertThat(policy.shareNumerator()).isZero();
    assertThat(policy.regionFloorMicroTokensPerSecond()).isEqualTo(10_000_000L);
  }
}

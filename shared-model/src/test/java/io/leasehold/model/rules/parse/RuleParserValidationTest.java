package io.leasehold.model.rules.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.model.rules.ConfigProblem;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each invalid configuration yields exactly these problems, and no rules at all. */
class RuleParserValidationTest {

  static Stream<Arguments> invalidRules() {
    return Stream.of(
        // ids
        bad("{key: ip, limits: [{rate: 1/s}]}", "rules[0].id: is required"),
        bad("{id: Api, key: ip, limits: [{rate: 1/s}]}",
            "rules[0].id: \"Api\" is not a valid rule id (expected 1 to 64 characters: lower-case letters, digits,"
                + " '.', '_' or '-', starting with a letter or digit)"),
        bad("{id: 7, key: ip, limits: [{rate: 1/s}]}", "rules[0].id: 7 is not a string"),
        // rates and bursts
        bad("{id: a, key: ip, limits: [{rate: 10/x}]}",
            "rules[0].limits[0].rate: \"10/x\" is not a rate (expected N/s, N/m, N/h or N/d)"),
        bad("{id: a, key: ip, limits: [{rate: 100}]}",
            "rules[0].limits[0].rate: 100 is not a rate (expected N/s, N/m, N/h or N/d)"),
        bad("{id: a, key: ip, limits: [{rate: -5/s}]}",
            "rules[0].limits[0].rate: \"-5/s\" is not a rate (expected N/s, N/m, N/h or N/d)"),
        bad("{id: a, key: ip, limits: [{rate: 0/s}]}",
            "rules[0].limits[0].rate: \"0/s\" is not a rate: N must be at least 1 (to stop all traffic, use a rule"
                + " with on_unavailable: deny and a rate of 1 per day, or block it upstream)"),
        bad("{id: a, key: ip, limits: [{rate: 1000000000001/s}]}",
            "rules[0].limits[0].rate: \"1000000000001/s\" is more than the maximum rate of 1000000000000 tokens per period"),
        bad("{id: a, key: ip, limits: [{rate: 99999999999999999999999/d}]}",
            "rules[0].limits[0].rate: \"99999999999999999999999/d\" is more than the maximum rate of 1000000000000 tokens per period"),
        bad("{id: a, key: ip, limits: [{burst: 5}]}", "rules[0].limits[0].rate: is required"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, burst: 0}]}",
            "rules[0].limits[0].burst: 0 is out of range (expected an integer from 1 to 1000000000000)"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, burst: 1000000000001}]}",
            "rules[0].limits[0].burst: 1000000000001 is out of range (expected an integer from 1 to 1000000000000)"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, burst: 99999999999999999999}]}",
            "rules[0].limits[0].burst: 99999999999999999999 is out of range (expected an integer from 1 to 1000000000000)"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, burst: 2.5}]}", "rules[0].limits[0].burst: 2.5 is not an integer"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, burst: '2'}]}", "rules[0].limits[0].burst: \"2\" is not an integer"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, algorithm: leaky}]}",
            "rules[0].limits[0].algorithm: \"leaky\" is not a valid algorithm (expected token_bucket or sliding_window)"),
        bad("{id: a, key: ip, limits: [{rate: 10/s, burst: 20, algorithm: sliding_window}]}",
            "rules[0].limits[0].burst: 20 must equal the rate's 10 for a sliding_window, which admits at most N per"
                + " period (omit burst)"),
        bad("{id: a, key: ip, limits: []}",
            "rules[0].limits: [] is not a non-empty list of limits (e.g. [{rate: 100/s}])"),
        bad("{id: a, key: ip}", "rules[0].limits: is required"),
        bad("{id: a, key: ip, limits: [1/s]}",
            "rules[0].limits[0]: \"1/s\" is not a limit (expected a mapping with rate, burst and algorithm)"),
        bad("{id: a, key: ip, limits: [{rate: 1/s}, {rate: 1/m}, {rate: 1/h}, {rate: 1/d}, {rate: 2/s}, {rate: 2/m},"
            + " {rate: 2/h}, {rate: 2/d}, {rate: 3/s}]}", "rules[0].limits: has 9 limits, more than 8"),
        // unknown fields
        bad("{id: a, key: ip, limit: [{rate: 1/s}]}",
            "rules[0].limit: is not a known field (did you mean limits?); expected id, description, match, key, scope,"
                + " limits, cost, on_unavailable, shadow, priority, key_region_share, region_floors, region_weights,"
                + " unseen_key, starter_allowance, wait_deadline_ms, thin_share or hold_deadline_ms",
            "rules[0].limits: is required"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, bust: 3}]}",
            "rules[0].limits[0].bust: is not a known field (did you mean burst?); expected rate, burst or algorithm"),
        bad("{id: a, key: ip, match: {paths: /x}, limits: [{rate: 1/s}]}",
            "rules[0].match.paths: is not a known field (did you mean path?); expected path, methods or headers"),
        // match
        bad("{id: a, key: ip, match: {path: api}, limits: [{rate: 1/s}]}",
            "rules[0].match.path: \"api\" is not a path glob (expected an absolute path such as /api/**)"),
        bad("{id: a, key: ip, match: {path: /api/v*}, limits: [{rate: 1/s}]}",
            "rules[0].match.path: \"/api/v*\" has the segment \"v*\": '*' and '**' must be whole segments"),
        bad("{id: a, key: ip, match: {path: '/a?b'}, limits: [{rate: 1/s}]}",
            "rules[0].match.path: \"/a?b\" contains '?', which a path glob does not allow"),
        bad("{id: a, key: ip, match: {methods: GET}, limits: [{rate: 1/s}]}",
            "rules[0].match.methods: \"GET\" is not a list of HTTP methods (e.g. [GET, POST])"),
        bad("{id: a, key: ip, match: {methods: [GET, 'P OST']}, limits: [{rate: 1/s}]}",
            "rules[0].match.methods[1]: \"P OST\" is not an HTTP method (e.g. GET)"),
        bad("{id: a, key: ip, match: {headers: {X-A: '1', x-a: '2'}}, limits: [{rate: 1/s}]}",
            "rules[0].match.headers.x-a: repeats header X-A (header names are case-insensitive)"),
        bad("{id: a, key: ip, match: {headers: {'X A': '1'}}, limits: [{rate: 1/s}]}",
            "rules[0].match.headers[\"X A\"]: is not a valid header name"),
        bad("{id: a, key: ip, match: {headers: {X-A: [1]}}, limits: [{rate: 1/s}]}",
            "rules[0].match.headers.X-A: [1] is not a header value (expected a string, or \"*\" for any value)"),
        bad("{id: a, key: ip, match: {headers: {X-A: \"a\\u0085b\"}}, limits: [{rate: 1/s}]}",
            "rules[0].match.headers.X-A: \"a\\u0085b\" is not a header value (at most 1024 characters, no control"
                + " characters)"),
        bad("{id: a, key: ip, description: \"\\ud800x\", limits: [{rate: 1/s}]}",
            "rules[0].description: \"\\uD800x\" contains a control character or an unpaired surrogate (only tab and"
                + " newline are allowed)"),
        // keys
        bad("{id: a, limits: [{rate: 1/s}]}", "rules[0].key: is required"),
        bad("{id: a, key: user, limits: [{rate: 1/s}]}",
            "rules[0].key: \"user\" is not a key (expected header:NAME, ip or constant)"),
        bad("{id: a, key: 'header:', limits: [{rate: 1/s}]}",
            "rules[0].key: \"header:\" is not a key (expected header:NAME, ip or constant)"),
        bad("{id: a, key: [header:X-Tenant, constant], limits: [{rate: 1/s}]}",
            "rules[0].key[1]: \"constant\" cannot be combined with other key parts (a constant key is one quota for all"
                + " callers)"),
        bad("{id: a, key: [ip, ip], limits: [{rate: 1/s}]}", "rules[0].key[1]: \"ip\" appears twice in the key"),
        bad("{id: a, key: [], limits: [{rate: 1/s}]}",
            "rules[0].key: [] is not a key (expected header:NAME, ip, constant, or a list of 1 to 4 of header:NAME and ip)"),
        // enums and scalars
        bad("{id: a, key: ip, scope: planet, limits: [{rate: 1/s}]}",
            "rules[0].scope: \"planet\" is not a valid scope (expected global, region or edge)"),
        bad("{id: a, key: ip, on_unavailable: open, limits: [{rate: 1/s}]}",
            "rules[0].on_unavailable: \"open\" is not a valid on_unavailable (expected floor, allow or deny)"),
        bad("{id: a, key: ip, shadow: yes, limits: [{rate: 1/s}]}",
            "rules[0].shadow: \"yes\" is not a boolean (expected true or false)"),
        bad("{id: a, key: ip, priority: 10, limits: [{rate: 1/s}]}",
            "rules[0].priority: 10 is out of range (expected an integer from 0 to 9)"),
        // cost
        bad("{id: a, key: ip, cost: 0, limits: [{rate: 1/s}]}",
            "rules[0].cost: 0 is out of range (expected an integer from 1 to 1000000000000)"),
        bad("{id: a, key: ip, cost: 5, limits: [{rate: 10/s, burst: 4}]}",
            "rules[0].cost: 5 is more than the smallest burst (4) of the rule's limits: such a request could never be"
                + " admitted"),
        bad("{id: a, key: ip, cost: {header: X-Cost}, limits: [{rate: 10/s}]}", "rules[0].cost.max: is required"),
        bad("{id: a, key: ip, cost: {header: X-Cost, default: 5, max: 3}, limits: [{rate: 10/s}]}",
            "rules[0].cost.default: 5 is more than cost.max (3)"),
        bad("{id: a, key: ip, cost: {header: X-Cost, max: 50}, limits: [{rate: 10/s}]}",
            "rules[0].cost.max: 50 is more than the smallest burst (10) of the rule's limits: such a request could never"
                + " be admitted"),
        bad("{id: a, key: ip, cost: cheap, limits: [{rate: 10/s}]}",
            "rules[0].cost: \"cheap\" is not a cost (expected an integer, or a mapping with header, default and max)"),
        // regions
        bad("{id: a, key: ip, region_floors: {us-east: 0.6, eu-west: 0.5}, limits: [{rate: 10/s}]}",
            "rules[0].region_floors: sum to 1.1, more than 1 (floors are reserved shares of one capacity)"),
        bad("{id: a, key: ip, region_floors: {us-east: 1.5}, limits: [{rate: 10/s}]}",
            "rules[0].region_floors.us-east: 1.5 is out of range (expected a fraction from 0 to 1)"),
        bad("{id: a, key: ip, region_floors: {us-east: 20%}, limits: [{rate: 10/s}]}",
            "rules[0].region_floors.us-east: \"20%\" is not a number"),
        bad("{id: a, key: ip, region_weights: {US_East: 1}, limits: [{rate: 10/s}]}",
            "rules[0].region_weights.US_East: is not a valid region name (expected 1 to 64 characters: lower-case"
                + " letters, digits, '.', '_' or '-', starting with a letter or digit)"),
        bad("{id: a, key: ip, region_weights: {us-east: 0}, limits: [{rate: 10/s}]}",
            "rules[0].region_weights.us-east: 0 is out of range (expected a weight greater than 0 and at most 1000000)"),
        bad("{id: a, key: ip, key_region_share: weights, limits: [{rate: 10/s}]}",
            "rules[0].key_region_share: \"weights\" requires region_weights"),
        bad("{id: a, key: ip, scope: edge, region_floors: {us-east: 0.5}, priority: 2, limits: [{rate: 10/s}]}",
            "rules[0].region_floors: applies only to rules with scope global (this rule has scope edge)",
            "rules[0].priority: applies only to scopes global and region (an edge-scoped rule is not allocated)"),
        bad("{id: a, key: ip, scope: region, key_region_share: traffic, region_weights: {eu: 1}, limits: [{rate: 10/s}]}",
            "rules[0].key_region_share: applies only to rules with scope global (this rule has scope region)",
            "rules[0].region_weights: applies only to rules with scope global (this rule has scope region)"),
        // unseen keys
        bad("{id: a, key: ip, scope: edge, unseen_key: wait, limits: [{rate: 10/s}]}",
            "rules[0].unseen_key: applies only to scopes global and region (an edge-scoped rule has no lease to wait for)"),
        bad("{id: a, key: ip, unseen_key: wait, starter_allowance: 3, limits: [{rate: 10/s}]}",
            "rules[0].starter_allowance: applies only with unseen_key: starter (this rule has unseen_key: wait)"),
        bad("{id: a, key: ip, wait_deadline_ms: 20, limits: [{rate: 10/s}]}",
            "rules[0].wait_deadline_ms: applies only with unseen_key: wait (this rule has unseen_key: starter)"),
        bad("{id: a, key: ip, unseen_key: wait, wait_deadline_ms: 5000, limits: [{rate: 10/s}]}",
            "rules[0].wait_deadline_ms: 5000 is out of range (expected an integer from 1 to 1000)"),
        bad("{id: a, key: ip, starter_allowance: 20, limits: [{rate: 10/s}]}",
            "rules[0].starter_allowance: 20 is more than the smallest burst (10) of the rule's limits"),
        bad("{id: a, key: ip, starter_allowance: 0, limits: [{rate: 10/s}]}",
            "rules[0].starter_allowance: 0 is out of range (expected an integer from 1 to 1000000000000)"),
        bad("{id: a, key: ip, unseen_key: maybe, limits: [{rate: 10/s}]}",
            "rules[0].unseen_key: \"maybe\" is not a valid unseen_key (expected starter or wait)"),
        bad("{id: a, key: ip, limits: [{rate: 1/s, burst: }]}", "rules[0].limits[0].burst: \"\" is not an integer"),
        // not a rule at all
        bad("just-a-string", "rules[0]: \"just-a-string\" is not a rule (expected a mapping with id, match, key and limits)"));
  }

  private static Arguments bad(String rule, String... problems) {
    return Arguments.of(rule, List.of(problems));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRules")
  void reportsExactlyTheProblems(String rule, List<String> expected) {
    ConfigResult<RuleSet> result = RuleConfig.parseYaml("rules: [" + rule + "]");

    assertThat(result.isValid()).isFalse();
    assertThat(result.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRules")
  void reportsTheSameProblemsForTheSameRuleInJson(String rule, List<String> expected) {
    ConfigResult<RuleSet> yaml = RuleConfig.parseYaml("rules: [" + rule + "]");
    String json = ConfigMappers.JSON.valueToTree(
        io.leasehold.model.rules.parse.ConfigReader.read(ConfigReader.Format.YAML, "rules: [" + rule + "]").tree())
        .toString();

    ConfigResult<RuleSet> fromJson = RuleConfig.parseJson(json);

    assertThat(fromJson.problems()).isEqualTo(yaml.problems());
  }
}

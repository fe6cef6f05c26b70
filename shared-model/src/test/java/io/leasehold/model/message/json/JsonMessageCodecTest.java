package io.leasehold.model.message.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.model.QuotaId;
import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.Message;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.MessageLimits;
import io.leasehold.model.message.MessageProblem;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.message.StarterCap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonMessageCodecTest {

  private final MessageCodec codec = MessageCodec.json();

  private static final String VALID_EDGE_SYNC = """
      {"version":"1.1","edge_id":"edge-1","region":"eu-west","seq":7,"config_revision_held":3,\
      "sent_at_nanos":-5,"reports":[{"quota":{"rule_id":"api","limit_index":0,"key":"k/1"},\
      "consumed":10,"denied":2,"wanted_micro_tokens_per_second":1500000,"returned":0,"ack_epoch":4}]}""";

  @Test
  void writesTheDocumentedWireForm() {
    EdgeSyncRequest request = new EdgeSyncRequest(ProtocolVersion.CURRENT, "edge-1", Optional.of("eu-west"), 7, 3,
        OptionalLong.of(-5), List.of(new QuotaReport(new QuotaId("api", 0, "k/1"), 10, 2, 1_500_000, 0, 4)));

    assertThat(codec.encodeToString(request)).isEqualTo(VALID_EDGE_SYNC);
    assertThat(new String(codec.encode(request), StandardCharsets.UTF_8)).isEqualTo(VALID_EDGE_SYNC);
    assertThat(codec.decode(VALID_EDGE_SYNC, EdgeSyncRequest.class).orElseThrow()).isEqualTo(request);
    assertThat(codec.mediaType()).isEqualTo("application/json");
  }

  @Test
  void carriesAHeldRequestsTokensOnlyWhenThereIsOne() {
    QuotaReport holding = new QuotaReport(new QuotaId("api", 0, "k/1"), 0, 3, 1_000_000, 0, 4, 2);
    EdgeSyncRequest request = new EdgeSyncRequest(ProtocolVersion.CURRENT, "edge-1", Optional.of("eu-west"), 7, 3,
        OptionalLong.of(-5), List.of(holding));

    String wire = codec.encodeToString(request);

    assertThat(wire).contains("\"held_request_tokens\":2");
    assertThat(codec.decode(wire, EdgeSyncRequest.class).orElseThrow()).isEqualTo(request);
    assertThat(VALID_EDGE_SYNC).doesNotContain("held_request_tokens");
    assertThat(codec.decode(wire.replace("\"held_request_tokens\":2", "\"held_request_tokens\":-1"),
        EdgeSyncRequest.class).isValid()).isFalse();
  }

  @Test
  void omitsAbsentOptionalFieldsAndAcceptsThemAsNull() {
    EdgeSyncResponse response = new EdgeSyncResponse(ProtocolVersion.CURRENT, "agg-1", "eu-west", 9,
        Optional.empty(), List.of(), false, 250);
    String json = codec.encodeToString(response);

    assertThat(json).isEqualTo("{\"version\":\"1.1\",\"aggregator_id\":\"agg-1\",\"region\":\"eu-west\","
        + "\"config_revision\":9,\"leases\":[],\"degraded\":false,\"next_sync_millis\":250}");
    assertThat(codec.decode(json.replace("\"leases\"", "\"config\":null,\"leases\""), EdgeSyncResponse.class)
        .orElseThrow()).isEqualTo(response);
  }

  @Test
  void starterCapsAreWrittenOnlyWhenThereAreAnyAndReadBackPerRule() {
    EdgeSyncResponse capped = new EdgeSyncResponse(ProtocolVersion.CURRENT, "agg-1", "eu-west", 9,
        Optional.empty(), List.of(), false, 250, List.of(new StarterCap("per-user", 0), new StarterCap("api", 3)));
    String json = codec.encodeToString(capped);

    assertThat(json).endsWith("\"next_sync_millis\":250,\"starter_caps\":[{\"rule_id\":\"per-user\",\"tokens\":0},"
        + "{\"rule_id\":\"api\",\"tokens\":3}]}");
    assertThat(codec.decode(json, EdgeSyncResponse.class).orElseThrow()).isEqualTo(capped);
    assertThat(problems(codec.decode(json.replace("\"api\",\"tokens\":3", "\"per-user\",\"tokens\":-3"),
        EdgeSyncResponse.class))).containsExactly(
            "starter_caps[1].tokens: -3: must be in [0, 1000000000000]");
    assertThat(problems(codec.decode(json.replace("\"api\"", "\"per-user\""), EdgeSyncResponse.class)))
        .containsExactly("starter_caps[1]: \"per-user\": duplicate rule; already at starter_caps[0]");
  }

  @Test
  void aResponseFromAnAggregatorOnTheFirstMinorCapsNothing() {
    String older = "{\"version\":\"1.0\",\"aggregator_id\":\"a\",\"region\":\"r\",\"config_revision\":1,"
        + "\"leases\":[],\"degraded\":false,\"next_sync_millis\":1}";

    EdgeSyncResponse decoded = codec.decode(older, EdgeSyncResponse.class).orElseThrow();

    assertThat(decoded.version()).isEqualTo(new ProtocolVersion(1, 0));
    assertThat(decoded.starterCaps()).isEmpty();
  }

  @Test
  void syntaxErrorsNameLineAndColumn() {
    String json = "{\n  \"version\": \"1.1\",\n  \"edge_id\": }";

    List<MessageProblem> problems = codec.decode(json, EdgeSyncRequest.class).problems();

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).path()).isEqualTo("$");
    assertThat(problems.get(0).value()).isEqualTo("line 3, column 14");
    assertThat(problems.get(0).reason()).startsWith("malformed JSON: Unexpected character ('}' (code 125))");
    assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8), EdgeSyncRequest.class).problems())
        .as("the byte parser words some errors differently, but finds them at the same place")
        .extracting(MessageProblem::path, MessageProblem::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$", "line 3, column 14"));
  }

  @Test
  void trailingContentDuplicateFieldsDeepNestingAndBadUtf8AreMalformed() {
    assertThat(only(codec.decode(VALID_EDGE_SYNC + " {}", EdgeSyncRequest.class)))
        .startsWith("$: line 1, column ")
        .contains("malformed JSON: Trailing token (of type START_OBJECT) found after value");
    assertThat(only(codec.decode("{\"seq\":1,\n\"seq\":2}", EdgeSyncRequest.class)))
        .isEqualTo("$: line 2, column 6: malformed JSON: Duplicate field 'seq'");
    assertThat(only(codec.decode("[".repeat(100), EdgeSyncRequest.class)))
        .startsWith("$: line 1, column ")
        .contains("malformed JSON: Document nesting depth (33) exceeds the maximum allowed (32");
    assertThat(only(codec.decode(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'}, EdgeSyncRequest.class)))
        .startsWith("$: line 1, column ")
        .contains("malformed JSON: Invalid UTF-8");
  }

  @Test
  void emptyOrNonObjectDocumentsAreRejected() {
    assertThat(only(codec.decode("", EdgeSyncRequest.class))).isEqualTo("$: (empty): expected a JSON object");
    assertThat(only(codec.decode("  \n ", EdgeSyncRequest.class))).isEqualTo("$: (empty): expected a JSON object");
    assertThat(only(codec.decode((byte[]) null, EdgeSyncRequest.class))).isEqualTo("$: (empty): expected a JSON object");
    assertThat(only(codec.decode("null", EdgeSyncRequest.class))).isEqualTo("$: null: expected an object, got null");
    assertThat(only(codec.decode("[1,2]", EdgeSyncRequest.class)))
        .isEqualTo("$: […] (an array of 2 elements): expected an object, got an array");
  }

  @Test
  void missingFieldsAreAllListed() {
    assertThat(problems(codec.decode("{}", EdgeSyncRequest.class))).containsExactly(
        "version: (missing): required",
        "edge_id: (missing): required",
        "seq: (missing): required",
        "config_revision_held: (missing): required",
        "reports: (missing): required");
    assertThat(problems(codec.decode(
        "{\"version\":\"1.1\",\"aggregator_id\":null,\"region\":\"r\",\"config_revision\":1,"
            + "\"leases\":[{\"quota\":{\"rule_id\":\"a\",\"limit_index\":0}}],\"next_sync_millis\":1}",
        EdgeSyncResponse.class))).containsExactly(
        "aggregator_id: null: required; must not be null",
        "leases[0].quota.key: (missing): required",
        "leases[0].tokens: (missing): required",
        "leases[0].micro_tokens_per_second: (missing): required",
        "leases[0].burst: (missing): required",
        "leases[0].epoch: (missing): required",
        "leases[0].ttl_millis: (missing): required",
        "leases[0].floor_micro_tokens_per_second: (missing): required",
        "degraded: (missing): required");
  }

  @Test
  void wrongTypesNameWhatWasExpectedAndFound() {
    String json = """
        {"version":1,"edge_id":5,"region":["eu"],"seq":"7","config_revision_held":1.5,"sent_at_nanos":true,
         "reports":[{"quota":"api/0/k","consumed":{},"denied":null,"wanted_micro_tokens_per_second":1e3,
         "returned":0,"ack_epoch":0}, 3]}""";

    assertThat(problems(codec.decode(json, EdgeSyncRequest.class))).containsExactly(
        "version: 1: expected a string such as \"1.1\", got an integer",
        "edge_id: 5: expected a string, got an integer",
        "region: […] (an array of 1 elements): expected a string, got an array",
        "seq: \"7\": expected an integer, got a string",
        "config_revision_held: 1.5: expected an integer, got a fractional number",
        "sent_at_nanos: true: expected an integer, got a boolean",
        "reports[0].quota: \"api/0/k\": expected an object, got a string",
        "reports[0].consumed: {…} (an object of 0 fields): expected an integer, got an object",
        "reports[0].denied: null: required; must not be null",
        "reports[0].wanted_micro_tokens_per_second: 1000.0: expected an integer, got a fractional number",
        "reports[1]: 3: expected an object, got an integer");
  }

  @Test
  void negativeAndOutOfRangeNumbersAreRejected() {
    String json = """
        {"version":"1.1","region":"eu","aggregator_id":"a","seq":-1,"config_revision_held":0,
         "fencing_token_seen":99999999999999999999,
         "rule_demand":[{"quota":{"rule_id":"r","limit_index":256,"key":""},"consumed":-3,"denied":1000000000001,
           "demand_micro_tokens_per_second":100000000000001}],
         "hot_keys":[],"acks":[{"quota":{"rule_id":"r","limit_index":-1,"key":"k"},"epoch":-2}],
         "held":[{"quota":{"rule_id":"r","limit_index":0,"key":"k"},"micro_tokens_per_second":0,"burst":0,
           "epoch":0,"remaining_ttl_millis":86400001,"fencing_token":0}]}""";

    assertThat(problems(codec.decode(json, RegionSyncRequest.class))).containsExactly(
        "seq: -1: must be >= 0",
        "fencing_token_seen: 99999999999999999999: must be >= 0",
        "rule_demand[0].quota.limit_index: 256: must be in [0, 255]",
        "rule_demand[0].consumed: -3: must be in [0, 1000000000000]",
        "rule_demand[0].denied: 1000000000001: must be in [0, 1000000000000]",
        "rule_demand[0].demand_micro_tokens_per_second: 100000000000001: must be in [0, 100000000000000]",
        "acks[0].quota.limit_index: -1: must be in [0, 255]",
        "acks[0].epoch: -2: must be >= 0",
        "held[0].remaining_ttl_millis: 86400001: must be in [0, 86400000]",
        "held[0].fencing_token: 0: must be >= 1");
  }

  @Test
  void stringsAreCheckedForLengthAndCharacters() {
    String json = """
        {"version":"1.1","coordinator_id":"coord 1","fencing_token":1,"config_revision":0,
         "grants":[{"quota":{"rule_id":"a\\u0007b","limit_index":0,"key":"\\ud800x"},"region":"",
           "micro_tokens_per_second":1,"burst":1,"epoch":1,"ttl_millis":1,"fencing_token":1,
           "floor_micro_tokens_per_second":0}],
         "hot_keys_elsewhere":[{"rule_id":"%s","limit_index":0,"key":"%s"}],"next_sync_millis":3600001}"""
        .formatted("r".repeat(129), "k".repeat(1025));

    assertThat(problems(codec.decode(json, RegionSyncResponse.class))).containsExactly(
        "coordinator_id: \"coord 1\": must be printable ASCII without spaces; found U+0020 at index 5",
        "grants[0].quota.rule_id: \"a\\u0007b\": must not contain control characters; found U+0007 at index 1",
        "grants[0].quota.key: \"\\uD800x\": must be well-formed Unicode; found an unpaired surrogate U+D800 at index 0",
        "grants[0].region: \"\": must not be empty",
        "hot_keys_elsewhere[0].rule_id: \"" + "r".repeat(64) + "\"… (129 chars): is 129 chars long; at most 128 allowed",
        "hot_keys_elsewhere[0].key: \"" + "k".repeat(64) + "\"… (1025 chars): is 1025 chars long; at most 1024 allowed",
        "next_sync_millis: 3600001: must be in [0, 3600000]");
  }

  @Test
  void unknownFieldsAreRejectedWithTheirPath() {
    String json = VALID_EDGE_SYNC
        .replace("\"seq\"", "\"priority\":1,\"seq\"")
        .replace("\"key\":\"k/1\"", "\"key\":\"k/1\",\"shard\":2");

    assertThat(problems(codec.decode(json, EdgeSyncRequest.class))).containsExactly(
        "reports[0].quota.shard: 2: unknown field; expected one of [key, limit_index, rule_id]",
        "priority: 1: unknown field; expected one of [config_revision_held, edge_id, region, reports, "
            + "sent_at_nanos, seq, version]");
  }

  @Test
  void aNewerMinorVersionMayAddFieldsThatAreIgnored() {
    String json = VALID_EDGE_SYNC
        .replace("\"1.1\"", "\"1.7\"")
        .replace("\"seq\"", "\"priority\":1,\"seq\"")
        .replace("\"key\":\"k/1\"", "\"key\":\"k/1\",\"shard\":2");

    Decoded<EdgeSyncRequest> decoded = codec.decode(json, EdgeSyncRequest.class);

    assertThat(decoded.orElseThrow().version()).isEqualTo(new ProtocolVersion(1, 7));
    assertThat(decoded.orElseThrow().reports()).hasSize(1);
    assertThat(problems(codec.decode(json.replace("\"seq\":7", "\"seq\":-7"), EdgeSyncRequest.class)))
        .as("known fields are still validated")
        .containsExactly("seq: -7: must be >= 0");
  }

  @Test
  void anotherMajorVersionIsRejectedAloneBecauseNothingElseCanBeInterpreted() {
    String json = "{\"version\":\"2.0\",\"edge_id\":5,\"whatever\":[]}";

    assertThat(problems(codec.decode(json, EdgeSyncRequest.class))).containsExactly(
        "version: \"2.0\": unsupported major version; this node reads 1.x (up to 1.1)");
    assertThat(problems(codec.decode(VALID_EDGE_SYNC.replace("\"1.1\"", "\"0.9\""), EdgeSyncRequest.class)))
        .containsExactly("version: \"0.9\": unsupported major version; this node reads 1.x (up to 1.1)");
    assertThat(problems(codec.decode(VALID_EDGE_SYNC.replace("\"1.1\"", "\"v1\""), EdgeSyncRequest.class)))
        .containsExactly("version: \"v1\": expected major.minor, such as \"1.1\"");
  }

  @Test
  void listsLongerThanTheLimitAreRejectedWithoutReadingTheirElements() {
    String elements = String.join(",", java.util.Collections.nCopies(MessageLimits.MAX_LIST_SIZE + 1, "{}"));
    String json = VALID_EDGE_SYNC.substring(0, VALID_EDGE_SYNC.indexOf("\"reports\"")) + "\"reports\":[" + elements + "]}";

    assertThat(problems(codec.decode(json, EdgeSyncRequest.class))).containsExactly(
        "reports: […] (an array of 100001 elements): has 100001 elements; at most 100000 allowed");
  }

  @Test
  void eachQuotaAppearsAtMostOncePerList() {
    String report = "{\"quota\":{\"rule_id\":\"api\",\"limit_index\":0,\"key\":\"k/1\"},\"consumed\":1,\"denied\":0,"
        + "\"wanted_micro_tokens_per_second\":0,\"returned\":0,\"ack_epoch\":0}";
    String other = report.replace("k/1", "k/2");
    String json = VALID_EDGE_SYNC.substring(0, VALID_EDGE_SYNC.indexOf("\"reports\""))
        + "\"reports\":[" + report + "," + other + "," + report + "]}";

    assertThat(problems(codec.decode(json, EdgeSyncRequest.class))).containsExactly(
        "reports[2]: \"api/0/k/1\": duplicate quota; already at reports[0]");
  }

  @Test
  void ruleDemandHoldsAggregatesAndHotKeysHoldKeys() {
    String json = """
        {"version":"1.1","region":"eu","aggregator_id":"a","seq":1,"config_revision_held":0,"fencing_token_seen":0,
         "rule_demand":[{"quota":{"rule_id":"r","limit_index":0,"key":"k"},"consumed":0,"denied":0,
           "demand_micro_tokens_per_second":0}],
         "hot_keys":[{"quota":{"rule_id":"r","limit_index":0,"key":""},"consumed":0,"denied":0,
           "demand_micro_tokens_per_second":0}],
         "acks":[],"held":[]}""";

    assertThat(problems(codec.decode(json, RegionSyncRequest.class))).containsExactly(
        "rule_demand[0].quota.key: \"k\": must be empty: rule_demand holds rule aggregates; report per-key demand "
            + "in hot_keys",
        "hot_keys[0].quota.key: \"\": must not be empty: hot_keys holds per-key demand; report rule aggregates "
            + "in rule_demand");
  }

  @Test
  void aFloodOfProblemsIsListedUpToALimit() {
    String bad = "{\"quota\":{\"rule_id\":\"api\",\"limit_index\":0,\"key\":\"k\"},\"consumed\":-1,\"denied\":0,"
        + "\"wanted_micro_tokens_per_second\":0,\"returned\":0,\"ack_epoch\":0}";
    String elements = String.join(",", java.util.Collections.nCopies(150, bad));
    String json = VALID_EDGE_SYNC.substring(0, VALID_EDGE_SYNC.indexOf("\"reports\"")) + "\"reports\":[" + elements + "]}";

    List<MessageProblem> problems = codec.decode(json, EdgeSyncRequest.class).problems();

    assertThat(problems).hasSize(DecodeContext.MAX_LISTED_PROBLEMS + 1);
    assertThat(problems.get(0)).hasToString("reports[0].consumed: -1: must be in [0, 1000000000000]");
    assertThat(problems.get(DecodeContext.MAX_LISTED_PROBLEMS)).hasToString("$: 50 more: further problems not listed");
  }

  @Test
  void decodedInvalidMessagesExplainThemselves() {
    Decoded<EdgeSyncRequest> decoded = codec.decode("{\"version\":\"1.1\"}", EdgeSyncRequest.class);

    assertThat(decoded.isValid()).isFalse();
    assertThat(decoded.toOptional()).isEmpty();
    assertThat(decoded.<Integer>fold(m -> 0, List::size)).isEqualTo(4);
    assertThatThrownBy(decoded::orElseThrow)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("invalid message: edge_id: (missing): required; seq: (missing): required; "
            + "config_revision_held: (missing): required; reports: (missing): required");
  }

  @Test
  void everyMessageTypeDecodesFromItsOwnEncoding() {
    Grant grant = new Grant(new QuotaId("search", 0, ""), "eu-west", 5_000_000, 10, 3, 5_000, 42, 1_000_000);
    RegionSyncResponse response = new RegionSyncResponse(ProtocolVersion.CURRENT, "coord-a", 42, 12,
        Optional.of("rules: []"), List.of(grant), List.of(new QuotaId("api", 1, "hot")), 1_000);
    Lease lease = new Lease(new QuotaId("api", 0, "k"), 5, 1_000_000, 10, 1, 2_000, 500_000);
    EdgeSyncResponse edgeResponse = new EdgeSyncResponse(ProtocolVersion.CURRENT, "agg", "eu", 1,
        Optional.of("{}"), List.of(lease), true, 100);

    for (Message message : List.<Message>of(response, edgeResponse)) {
      assertThat(codec.decode(codec.encode(message), message.getClass()).orElseThrow()).isEqualTo(message);
    }
    assertThat(problems(codec.decode(codec.encode(response), EdgeSyncResponse.class)))
        .as("a message decoded as another type is rejected field by field")
        .contains("aggregator_id: (missing): required", "leases: (missing): required");
  }

  private static List<String> problems(Decoded<?> decoded) {
    return decoded.problems().stream().map(MessageProblem::toString).toList();
  }

  private static String only(Decoded<?> decoded) {
    assertThat(decoded.problems()).hasSize(1);
    return decoded.problems().get(0).toString();
  }
}

package io.leasehold.model.message.json;

import java.util.Set;

/** JSON field names of every message, shared by the writer and the reader so they cannot drift. */
final class WireFields {
  static final String VERSION = "version";
  static final String EDGE_ID = "edge_id";
  static final String AGGREGATOR_ID = "aggregator_id";
  static final String COORDINATOR_ID = "coordinator_id";
  static final String REGION = "region";
  static final String SEQ = "seq";
  static final String SENT_AT_NANOS = "sent_at_nanos";
  static final String CONFIG_REVISION_HELD = "config_revision_held";
  static final String CONFIG_REVISION = "config_revision";
  static final String CONFIG = "config";
  static final String REPORTS = "reports";
  static final String LEASES = "leases";
  static final String DEGRADED = "degraded";
  static final String NEXT_SYNC_MILLIS = "next_sync_millis";
  static final String FENCING_TOKEN_SEEN = "fencing_token_seen";
  static final String FENCING_TOKEN = "fencing_token";
  static final String RULE_DEMAND = "rule_demand";
  static final String HOT_KEYS = "hot_keys";
  static final String ACKS = "acks";
  static final String HELD = "held";
  static final String GRANTS = "grants";
  static final String HOT_KEYS_ELSEWHERE = "hot_keys_elsewhere";
  static final String STARTER_CAPS = "starter_caps";

  static final String QUOTA = "quota";
  static final String RULE_ID = "rule_id";
  static final String LIMIT_INDEX = "limit_index";
  static final String KEY = "key";

  static final String CONSUMED = "consumed";
  static final String DENIED = "denied";
  static final String WANTED_RATE = "wanted_micro_tokens_per_second";
  static final String DEMAND_RATE = "demand_micro_tokens_per_second";
  static final String RETURNED = "returned";
  static final String ACK_EPOCH = "ack_epoch";
  static final String HELD_REQUEST_TOKENS = "held_request_tokens";
  static final String TOKENS = "tokens";
  static final String RATE = "micro_tokens_per_second";
  static final String FLOOR_RATE = "floor_micro_tokens_per_second";
  static final String BURST = "burst";
  static final String EPOCH = "epoch";
  static final String TTL_MILLIS = "ttl_millis";
  static final String REMAINING_TTL_MILLIS = "remaining_ttl_millis";

  static final Set<String> EDGE_SYNC_REQUEST = Set.of(
      VERSION, EDGE_ID, REGION, SEQ, CONFIG_REVISION_HELD, SENT_AT_NANOS, REPORTS);
  static final Set<String> QUOTA_REPORT = Set.of(
      QUOTA, CONSUMED, DENIED, WANTED_RATE, RETURNED, ACK_EPOCH, HELD_REQUEST_TOKENS);
  static final Set<String> EDGE_SYNC_RESPONSE = Set.of(
      VERSION, AGGREGATOR_ID, REGION, CONFIG_REVISION, CONFIG, LEASES, DEGRADED, NEXT_SYNC_MILLIS, STARTER_CAPS);
  static final Set<String> STARTER_CAP = Set.of(RULE_ID, TOKENS);
  static final Set<String> LEASE = Set.of(QUOTA, TOKENS, RATE, BURST, EPOCH, TTL_MILLIS, FLOOR_RATE);
  static final Set<String> REGION_SYNC_REQUEST = Set.of(
      VERSION, REGION, AGGREGATOR_ID, SEQ, CONFIG_REVISION_HELD, FENCING_TOKEN_SEEN,
      RULE_DEMAND, HOT_KEYS, ACKS, HELD);
  static final Set<String> DEMAND_REPORT = Set.of(QUOTA, CONSUMED, DENIED, DEMAND_RATE);
  static final Set<String> GRANT_ACK = Set.of(QUOTA, EPOCH);
  static final Set<String> HELD_GRANT = Set.of(
      QUOTA, RATE, BURST, EPOCH, REMAINING_TTL_MILLIS, FENCING_TOKEN);
  static final Set<String> REGION_SYNC_RESPONSE = Set.of(
      VERSION, COORDINATOR_ID, FENCING_TOKEN, CONFIG_REVISION, CONFIG, GRANTS,
      HOT_KEYS_ELSEWHERE, NEXT_SYNC_MILLIS);
  static final Set<String> GRANT = Set.of(
      QUOTA, REGION, RATE, BURST, EPOCH, TTL_MILLIS, FENCING_TOKEN, FLOOR_RATE);
  static final Set<String> QUOTA_ID = Set.of(RULE_ID, LIMIT_INDEX, KEY);

  private WireFields() {}
}

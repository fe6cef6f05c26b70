package io.leasehold.model.message.json;

import static io.leasehold.model.message.json.WireFields.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.GrantAck;
import io.leasehold.model.message.HeldGrant;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.Message;
import io.leasehold.model.message.MessageLimits;
import io.leasehold.model.message.ProtocolVersion;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.message.StarterCap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/** Validating decoders from a parsed JSON tree to messages: every problem found is reported. */
final class MessageJsonReader {

  private static final long MAX_TOKENS = MessageLimits.MAX_TOKENS;
  private static final long MAX_RATE = MessageLimits.MAX_MICRO_TOKENS_PER_SECOND;
  private static final long MAX_TTL = MessageLimits.MAX_TTL_MILLIS;
  private static final long UNBOUNDED = Long.MAX_VALUE;
  private static final int MAX_LIST = MessageLimits.MAX_LIST_SIZE;

  private MessageJsonReader() {}

  static <T extends Message> Decoded<T> read(JsonNode root, Class<T> type) {
    DecodeContext context = new DecodeContext();
    JsonObjectReader message = JsonObjectReader.open(root, FieldPath.ROOT, context, knownFields(type));
    if (message == null) {
      return Decoded.invalid(context.problems());
    }
    ProtocolVersion version = readVersion(message, context);
    if (version != null && !version.isReadable()) {
      return Decoded.invalid(context.problems());
    }
    context.ignoreUnknownFields(version != null && version.isNewerMinor());
    Message decoded = readBody(message, version, type);
    message.finish();
    return context.problemCount() == 0
        ? Decoded.valid(type.cast(decoded))
        : Decoded.invalid(context.problems());
  }

  private static Set<String> knownFields(Class<? extends Message> type) {
    if (type == EdgeSyncRequest.class) {
      return EDGE_SYNC_REQUEST;
    } else if (type == EdgeSyncResponse.class) {
      return EDGE_SYNC_RESPONSE;
    } else if (type == RegionSyncRequest.class) {
      return REGION_SYNC_REQUEST;
    } else if (type == RegionSyncResponse.class) {
      return REGION_SYNC_RESPONSE;
    }
    throw new IllegalArgumentException("type: " + type + ": not a message type");
  }

  private static Message readBody(JsonObjectReader message, ProtocolVersion version, Class<?> type) {
    if (type == EdgeSyncRequest.class) {
      return edgeSyncRequest(message, version);
    } else if (type == EdgeSyncResponse.class) {
      return edgeSyncResponse(message, version);
    } else if (type == RegionSyncRequest.class) {
      return regionSyncRequest(message, version);
    }
    return regionSyncResponse(message, version);
  }

  private static ProtocolVersion readVersion(JsonObjectReader message, DecodeContext context) {
    JsonNode value = message.requiredNode(VERSION);
    if (value == null) {
      return null;
    }
    FieldPath path = message.path(VERSION);
    if (!value.isTextual()) {
      context.report(path, value, "expected a string such as \"" + ProtocolVersion.CURRENT + "\", got "
          + DecodeContext.describeType(value));
      return null;
    }
    ProtocolVersion version = ProtocolVersion.parseOrNull(value.textValue());
    if (version == null) {
      context.report(path, value, "expected major.minor, such as \"" + ProtocolVersion.CURRENT + "\"");
      return null;
    }
    if (!version.isReadable()) {
      context.report(path, value, "unsupported major version; this node reads "
          + ProtocolVersion.CURRENT.major() + ".x (up to " + ProtocolVersion.CURRENT + ")");
    }
    return version;
  }

  private static EdgeSyncRequest edgeSyncRequest(JsonObjectReader m, ProtocolVersion version) {
    String edgeId = m.string(EDGE_ID, TextRule.ID);
    Optional<String> region = m.optionalString(REGION, TextRule.ID);
    long seq = m.longValue(SEQ, 0, UNBOUNDED);
    long revision = m.longValue(CONFIG_REVISION_HELD, 0, UNBOUNDED);
    OptionalLong sentAt = m.optionalLong(SENT_AT_NANOS, Long.MIN_VALUE, Long.MAX_VALUE);
    List<QuotaReport> reports = m.list(REPORTS, MAX_LIST, MessageJsonReader::quotaReport);
    rejectDuplicateQuotas(m, REPORTS, reports, QuotaReport::quota);
    return m.anyProblem()
        ? null
        : new EdgeSyncRequest(version, edgeId, region, seq, revision, sentAt, reports);
  }

  private static QuotaReport quotaReport(JsonNode node, FieldPath path, DecodeContext context) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, QUOTA_REPORT);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    QuotaId quota = quotaId(r, context);
    long consumed = r.longValue(CONSUMED, 0, MAX_TOKENS);
    long denied = r.longValue(DENIED, 0, MAX_TOKENS);
    long wanted = r.longValue(WANTED_RATE, 0, MAX_RATE);
    long returned = r.longValue(RETURNED, 0, MAX_TOKENS);
    long ackEpoch = r.longValue(ACK_EPOCH, 0, UNBOUNDED);
    long held = r.optionalLong(HELD_REQUEST_TOKENS, 0, MAX_TOKENS).orElse(0);
    r.finish();
    return context.problemCount() != before
        ? null
        : new QuotaReport(quota, consumed, denied, wanted, returned, ackEpoch, held);
  }

  private static EdgeSyncResponse edgeSyncResponse(JsonObjectReader m, ProtocolVersion version) {
    String aggregatorId = m.string(AGGREGATOR_ID, TextRule.ID);
    String region = m.string(REGION, TextRule.ID);
    long revision = m.longValue(CONFIG_REVISION, 0, UNBOUNDED);
    Optional<String> config = m.optionalString(CONFIG, TextRule.CONFIG);
    List<Lease> leases = m.list(LEASES, MAX_LIST, MessageJsonReader::lease);
    rejectDuplicateQuotas(m, LEASES, leases, Lease::quota);
    boolean degraded = m.booleanValue(DEGRADED);
    long nextSync = m.longValue(NEXT_SYNC_MILLIS, 0, MessageLimits.MAX_NEXT_SYNC_MILLIS);
    List<StarterCap> caps = m.optionalList(STARTER_CAPS, MAX_LIST, MessageJsonReader::starterCap);
    rejectDuplicates(m, STARTER_CAPS, caps, StarterCap::ruleId, "rule", id -> id);
    return m.anyProblem()
        ? null
        : new EdgeSyncResponse(version, aggregatorId, region, revision, config, leases, degraded, nextSync, caps);
  }

  private static StarterCap starterCap(JsonNode node, FieldPath path, DecodeContext context) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, STARTER_CAP);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    String ruleId = r.string(RULE_ID, TextRule.RULE_ID);
    long tokens = r.longValue(TOKENS, 0, MAX_TOKENS);
    r.finish();
    return context.problemCount() != before ? null : new StarterCap(ruleId, tokens);
  }

  private static Lease lease(JsonNode node, FieldPath path, DecodeContext context) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, LEASE);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    QuotaId quota = quotaId(r, context);
    long tokens = r.longValue(TOKENS, 0, MAX_TOKENS);
    long rate = r.longValue(RATE, 0, MAX_RATE);
    long burst = r.longValue(BURST, 0, MAX_TOKENS);
    long epoch = r.longValue(EPOCH, 0, UNBOUNDED);
    long ttl = r.longValue(TTL_MILLIS, 0, MAX_TTL);
    long floor = r.longValue(FLOOR_RATE, 0, MAX_RATE);
    r.finish();
    return context.problemCount() != before ? null : new Lease(quota, tokens, rate, burst, epoch, ttl, floor);
  }

  private static RegionSyncRequest regionSyncRequest(JsonObjectReader m, ProtocolVersion version) {
    String region = m.string(REGION, TextRule.ID);
    String aggregatorId = m.string(AGGREGATOR_ID, TextRule.ID);
    long seq = m.longValue(SEQ, 0, UNBOUNDED);
    long revision = m.longValue(CONFIG_REVISION_HELD, 0, UNBOUNDED);
    long fencingSeen = m.longValue(FENCING_TOKEN_SEEN, 0, UNBOUNDED);
    List<DemandReport> ruleDemand = m.list(RULE_DEMAND, MAX_LIST, (n, p, c) -> demandReport(n, p, c, true));
    rejectDuplicateQuotas(m, RULE_DEMAND, ruleDemand, DemandReport::quota);
    List<DemandReport> hotKeys = m.list(HOT_KEYS, MAX_LIST, (n, p, c) -> demandReport(n, p, c, false));
    rejectDuplicateQuotas(m, HOT_KEYS, hotKeys, DemandReport::quota);
    List<GrantAck> acks = m.list(ACKS, MAX_LIST, MessageJsonReader::grantAck);
    rejectDuplicateQuotas(m, ACKS, acks, GrantAck::quota);
    List<HeldGrant> held = m.list(HELD, MAX_LIST, MessageJsonReader::heldGrant);
    rejectDuplicateQuotas(m, HELD, held, HeldGrant::quota);
    return m.anyProblem()
        ? null
        : new RegionSyncRequest(version, region, aggregatorId, seq, revision, fencingSeen,
            ruleDemand, hotKeys, acks, held);
  }

  private static DemandReport demandReport(JsonNode node, FieldPath path, DecodeContext context,
      boolean ruleAggregate) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, DEMAND_REPORT);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    QuotaId quota = quotaId(r, context);
    if (quota != null && quota.isAggregate() != ruleAggregate) {
      context.report(r.path(QUOTA).field(KEY), DecodeContext.quote(quota.key()), ruleAggregate
          ? "must be empty: rule_demand holds rule aggregates; report per-key demand in hot_keys"
          : "must not be empty: hot_keys holds per-key demand; report rule aggregates in rule_demand");
    }
    long consumed = r.longValue(CONSUMED, 0, MAX_TOKENS);
    long denied = r.longValue(DENIED, 0, MAX_TOKENS);
    long demand = r.longValue(DEMAND_RATE, 0, MAX_RATE);
    r.finish();
    return context.problemCount() != before ? null : new DemandReport(quota, consumed, denied, demand);
  }

  private static GrantAck grantAck(JsonNode node, FieldPath path, DecodeContext context) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, GRANT_ACK);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    QuotaId quota = quotaId(r, context);
    long epoch = r.longValue(EPOCH, 0, UNBOUNDED);
    r.finish();
    return context.problemCount() != before ? null : new GrantAck(quota, epoch);
  }

  private static HeldGrant heldGrant(JsonNode node, FieldPath path, DecodeContext context) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, HELD_GRANT);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    QuotaId quota = quotaId(r, context);
    long rate = r.longValue(RATE, 0, MAX_RATE);
    long burst = r.longValue(BURST, 0, MAX_TOKENS);
    long epoch = r.longValue(EPOCH, 0, UNBOUNDED);
    long remaining = r.longValue(REMAINING_TTL_MILLIS, 0, MAX_TTL);
    long fencingToken = r.longValue(FENCING_TOKEN, 1, UNBOUNDED);
    r.finish();
    return context.problemCount() != before
        ? null
        : new HeldGrant(quota, rate, burst, epoch, remaining, fencingToken);
  }

  private static RegionSyncResponse regionSyncResponse(JsonObjectReader m, ProtocolVersion version) {
    String coordinatorId = m.string(COORDINATOR_ID, TextRule.ID);
    long fencingToken = m.longValue(FENCING_TOKEN, 1, UNBOUNDED);
    long revision = m.longValue(CONFIG_REVISION, 0, UNBOUNDED);
    Optional<String> config = m.optionalString(CONFIG, TextRule.CONFIG);
    List<Grant> grants = m.list(GRANTS, MAX_LIST, MessageJsonReader::grant);
    rejectDuplicateQuotas(m, GRANTS, grants, Grant::quota);
    List<QuotaId> hotElsewhere = m.list(HOT_KEYS_ELSEWHERE, MAX_LIST, MessageJsonReader::quotaIdObject);
    rejectDuplicateQuotas(m, HOT_KEYS_ELSEWHERE, hotElsewhere, Function.identity());
    long nextSync = m.longValue(NEXT_SYNC_MILLIS, 0, MessageLimits.MAX_NEXT_SYNC_MILLIS);
    return m.anyProblem()
        ? null
        : new RegionSyncResponse(version, coordinatorId, fencingToken, revision, config, grants,
            hotElsewhere, nextSync);
  }

  private static Grant grant(JsonNode node, FieldPath path, DecodeContext context) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, GRANT);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    QuotaId quota = quotaId(r, context);
    String region = r.string(REGION, TextRule.ID);
    long rate = r.longValue(RATE, 0, MAX_RATE);
    long burst = r.longValue(BURST, 0, MAX_TOKENS);
    long epoch = r.longValue(EPOCH, 0, UNBOUNDED);
    long ttl = r.longValue(TTL_MILLIS, 0, MAX_TTL);
    long fencingToken = r.longValue(FENCING_TOKEN, 1, UNBOUNDED);
    long floor = r.longValue(FLOOR_RATE, 0, MAX_RATE);
    r.finish();
    return context.problemCount() != before
        ? null
        : new Grant(quota, region, rate, burst, epoch, ttl, fencingToken, floor);
  }

  private static QuotaId quotaId(JsonObjectReader owner, DecodeContext context) {
    JsonNode value = owner.requiredNode(QUOTA);
    return value == null ? null : quotaIdObject(value, owner.path(QUOTA), context);
  }

  private static QuotaId quotaIdObject(JsonNode node, FieldPath path, DecodeContext context) {
    JsonObjectReader r = JsonObjectReader.open(node, path, context, QUOTA_ID);
    if (r == null) {
      return null;
    }
    int before = context.problemCount();
    String ruleId = r.string(RULE_ID, TextRule.RULE_ID);
    int limitIndex = r.intValue(LIMIT_INDEX, 0, MessageLimits.MAX_LIMIT_INDEX);
    String key = r.string(KEY, TextRule.KEY);
    r.finish();
    return context.problemCount() != before ? null : new QuotaId(ruleId, limitIndex, key);
  }

  /** Each quota at most once per list: two entries for one quota would be ambiguous. */
  private static <T> void rejectDuplicateQuotas(JsonObjectReader owner, String field, List<T> entries,
      Function<T, QuotaId> quotaOf) {
    rejectDuplicates(owner, field, entries, quotaOf, "quota", QuotaId::asString);
  }

  private static <T, K> void rejectDuplicates(JsonObjectReader owner, String field, List<T> entries,
      Function<T, K> keyOf, String what, Function<K, String> render) {
    if (entries.size() < 2) {
      return;
    }
    Map<K, Integer> firstIndex = new HashMap<>(entries.size() * 4 / 3 + 1);
    FieldPath listPath = owner.path(field);
    for (int i = 0; i < entries.size(); i++) {
      T entry = entries.get(i);
      if (entry == null) {
        continue;
      }
      K key = keyOf.apply(entry);
      Integer first = firstIndex.putIfAbsent(key, i);
      if (first != null) {
        owner.report(listPath.element(i), DecodeContext.quote(render.apply(key)),
            "duplicate " + what + "; already at " + listPath.element(first));
      }
    }
  }
}

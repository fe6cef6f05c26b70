package io.leasehold.model.message.json;

import static io.leasehold.model.message.json.WireFields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import io.leasehold.model.QuotaId;
import io.leasehold.model.message.DemandReport;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Grant;
import io.leasehold.model.message.GrantAck;
import io.leasehold.model.message.HeldGrant;
import io.leasehold.model.message.Lease;
import io.leasehold.model.message.Message;
import io.leasehold.model.message.QuotaReport;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import io.leasehold.model.message.StarterCap;
import java.io.IOException;
import java.util.List;

/**
 * Streams messages to JSON, field by field: no reflection and no intermediate tree, so a sync of
 * 10k quotas costs one pass. {@code version} comes first; absent optional fields are omitted.
 */
final class MessageJsonWriter {

  @FunctionalInterface
  private interface ElementWriter<T> {
    void write(JsonGenerator out, T element) throws IOException;
  }

  private MessageJsonWriter() {}

  static void write(JsonGenerator out, Message message) throws IOException {
    if (message instanceof EdgeSyncRequest request) {
      edgeSyncRequest(out, request);
    } else if (message instanceof EdgeSyncResponse response) {
      edgeSyncResponse(out, response);
    } else if (message instanceof RegionSyncRequest request) {
      regionSyncRequest(out, request);
    } else if (message instanceof RegionSyncResponse response) {
      regionSyncResponse(out, response);
    } else {
      throw new IllegalArgumentException("message: " + message.getClass() + ": not a message type");
    }
  }

  private static void edgeSyncRequest(JsonGenerator out, EdgeSyncRequest m) throws IOException {
    out.writeStartObject();
    out.writeStringField(VERSION, m.version().toString());
    out.writeStringField(EDGE_ID, m.edgeId());
    if (m.region().isPresent()) {
      out.writeStringField(REGION, m.region().get());
    }
    out.writeNumberField(SEQ, m.seq());
    out.writeNumberField(CONFIG_REVISION_HELD, m.configRevisionHeld());
    if (m.sentAtNanos().isPresent()) {
      out.writeNumberField(SENT_AT_NANOS, m.sentAtNanos().getAsLong());
    }
    list(out, REPORTS, m.reports(), MessageJsonWriter::quotaReport);
    out.writeEndObject();
  }

  private static void quotaReport(JsonGenerator out, QuotaReport r) throws IOException {
    out.writeStartObject();
    quotaField(out, r.quota());
    out.writeNumberField(CONSUMED, r.consumed());
    out.writeNumberField(DENIED, r.denied());
    out.writeNumberField(WANTED_RATE, r.wantedMicroTokensPerSecond());
    out.writeNumberField(RETURNED, r.returned());
    out.writeNumberField(ACK_EPOCH, r.ackEpoch());
    if (r.held() != 0) {
      out.writeNumberField(HELD_REQUEST_TOKENS, r.held());
    }
    out.writeEndObject();
  }

  private static void edgeSyncResponse(JsonGenerator out, EdgeSyncResponse m) throws IOException {
    out.writeStartObject();
    out.writeStringField(VERSION, m.version().toString());
    out.writeStringField(AGGREGATOR_ID, m.aggregatorId());
    out.writeStringField(REGION, m.region());
    out.writeNumberField(CONFIG_REVISION, m.configRevision());
    if (m.config().isPresent()) {
      out.writeStringField(CONFIG, m.config().get());
    }
    list(out, LEASES, m.leases(), MessageJsonWriter::lease);
    out.writeBooleanField(DEGRADED, m.degraded());
    out.writeNumberField(NEXT_SYNC_MILLIS, m.nextSyncMillis());
    if (!m.starterCaps().isEmpty()) {
      list(out, STARTER_CAPS, m.starterCaps(), MessageJsonWriter::starterCap);
    }
    out.writeEndObject();
  }

  private static void starterCap(JsonGenerator out, StarterCap c) throws IOException {
    out.writeStartObject();
    out.writeStringField(RULE_ID, c.ruleId());
    out.writeNumberField(TOKENS, c.tokens());
    out.writeEndObject();
  }

  private static void lease(JsonGenerator out, Lease l) throws IOException {
    out.writeStartObject();
    quotaField(out, l.quota());
    out.writeNumberField(TOKENS, l.tokens());
    out.writeNumberField(RATE, l.microTokensPerSecond());
    out.writeNumberField(BURST, l.burst());
    out.writeNumberField(EPOCH, l.epoch());
    out.writeNumberField(TTL_MILLIS, l.ttlMillis());
    out.writeNumberField(FLOOR_RATE, l.floorMicroTokensPerSecond());
    out.writeEndObject();
  }

  private static void regionSyncRequest(JsonGenerator out, RegionSyncRequest m) throws IOException {
    out.writeStartObject();
    out.writeStringField(VERSION, m.version().toString());
    out.writeStringField(REGION, m.region());
    out.writeStringField(AGGREGATOR_ID, m.aggregatorId());
    out.writeNumberField(SEQ, m.seq());
    out.writeNumberField(CONFIG_REVISION_HELD, m.configRevisionHeld());
    out.writeNumberField(FENCING_TOKEN_SEEN, m.fencingTokenSeen());
    list(out, RULE_DEMAND, m.ruleDemand(), MessageJsonWriter::demandReport);
    list(out, HOT_KEYS, m.hotKeys(), MessageJsonWriter::demandReport);
    list(out, ACKS, m.acks(), MessageJsonWriter::grantAck);
    list(out, HELD, m.held(), MessageJsonWriter::heldGrant);
    out.writeEndObject();
  }

  private static void demandReport(JsonGenerator out, DemandReport d) throws IOException {
    out.writeStartObject();
    quotaField(out, d.quota());
    out.writeNumberField(CONSUMED, d.consumed());
    out.writeNumberField(DENIED, d.denied());
    out.writeNumberField(DEMAND_RATE, d.demandMicroTokensPerSecond());
    out.writeEndObject();
  }

  private static void grantAck(JsonGenerator out, GrantAck a) throws IOException {
    out.writeStartObject();
    quotaField(out, a.quota());
    out.writeNumberField(EPOCH, a.epoch());
    out.writeEndObject();
  }

  private static void heldGrant(JsonGenerator out, HeldGrant h) throws IOException {
    out.writeStartObject();
    quotaField(out, h.quota());
    out.writeNumberField(RATE, h.microTokensPerSecond());
    out.writeNumberField(BURST, h.burst());
    out.writeNumberField(EPOCH, h.epoch());
    out.writeNumberField(REMAINING_TTL_MILLIS, h.remainingTtlMillis());
    out.writeNumberField(FENCING_TOKEN, h.fencingToken());
    out.writeEndObject();
  }

  private static void regionSyncResponse(JsonGenerator out, RegionSyncResponse m) throws IOException {
    out.writeStartObject();
    out.writeStringField(VERSION, m.version().toString());
    out.writeStringField(COORDINATOR_ID, m.coordinatorId());
    out.writeNumberField(FENCING_TOKEN, m.fencingToken());
    out.writeNumberField(CONFIG_REVISION, m.configRevision());
    if (m.config().isPresent()) {
      out.writeStringField(CONFIG, m.config().get());
    }
    list(out, GRANTS, m.grants(), MessageJsonWriter::grant);
    list(out, HOT_KEYS_ELSEWHERE, m.hotKeysElsewhere(), MessageJsonWriter::quotaId);
    out.writeNumberField(NEXT_SYNC_MILLIS, m.nextSyncMillis());
    out.writeEndObject();
  }

  private static void grant(JsonGenerator out, Grant g) throws IOException {
    out.writeStartObject();
    quotaField(out, g.quota());
    out.writeStringField(REGION, g.region());
    out.writeNumberField(RATE, g.microTokensPerSecond());
    out.writeNumberField(BURST, g.burst());
    out.writeNumberField(EPOCH, g.epoch());
    out.writeNumberField(TTL_MILLIS, g.ttlMillis());
    out.writeNumberField(FENCING_TOKEN, g.fencingToken());
    out.writeNumberField(FLOOR_RATE, g.floorMicroTokensPerSecond());
    out.writeEndObject();
  }

  private static void quotaField(JsonGenerator out, QuotaId quota) throws IOException {
    out.writeFieldName(QUOTA);
    quotaId(out, quota);
  }

  private static void quotaId(JsonGenerator out, QuotaId quota) throws IOException {
    out.writeStartObject();
    out.writeStringField(RULE_ID, quota.ruleId());
    out.writeNumberField(LIMIT_INDEX, quota.limitIndex());
    out.writeStringField(KEY, quota.key());
    out.writeEndObject();
  }

  private static <T> void list(JsonGenerator out, String field, List<T> elements, ElementWriter<T> writer)
      throws IOException {
    out.writeArrayFieldStart(field);
    for (T element : elements) {
      writer.write(out, element);
    }
    out.writeEndArray();
  }
}

package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of valid messages: every value within {@link MessageLimits}, each quota at most once
 * per list. Shared through the test-jar for the tiers' own tests.
 */
public final class MessageArbitraries {

  private static final int MAX_ELEMENTS = 4;

  private MessageArbitraries() {}

  public static Arbitrary<ProtocolVersion> readableVersions() {
    return Arbitraries.integers().between(0, 3).map(minor -> new ProtocolVersion(ProtocolVersion.CURRENT.major(), minor));
  }

  /** Tier ids and regions: printable ASCII without spaces. */
  public static Arbitrary<String> ids() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(24);
  }

  /** Well-formed Unicode without control characters, biased towards separators and escapes. */
  public static Arbitrary<String> ruleIds() {
    return codePointStrings(1, 12, false);
  }

  /** Well-formed Unicode, control characters included; never empty (per-key quotas). */
  public static Arbitrary<String> keys() {
    return codePointStrings(1, 16, true);
  }

  private static Arbitrary<String> codePointStrings(int minLength, int maxLength, boolean controls) {
    List<Tuple.Tuple2<Integer, Arbitrary<Integer>>> weighted = new ArrayList<>(List.of(
        Tuple.of(3, Arbitraries.of((int) '/', (int) '%', (int) '{', (int) '}', (int) '"', (int) '\\', (int) ' ')),
        Tuple.of(5, Arbitraries.integers().between(0x20, 0x7E)),
        Tuple.of(2, Arbitraries.integers().between(0xA0, 0xD7FF)),
        Tuple.of(2, Arbitraries.integers().between(0xE000, Character.MAX_CODE_POINT))));
    if (controls) {
      weighted.add(Tuple.of(1, Arbitraries.integers().between(0, 0x1F)));
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(weighted.toArray(new Tuple.Tuple2[0]));
    return codePoints.list().ofMinSize(minLength).ofMaxSize(maxLength).map(MessageArbitraries::fromCodePoints);
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder out = new StringBuilder();
    codePoints.forEach(out::appendCodePoint);
    return out.toString();
  }

  public static Arbitrary<QuotaId> quotaIds() {
    return Combinators.combine(ruleIds(), limitIndexes(), keys()).as(QuotaId::new);
  }

  public static Arbitrary<QuotaId> aggregateQuotaIds() {
    return Combinators.combine(ruleIds(), limitIndexes()).as(QuotaId::aggregate);
  }

  private static Arbitrary<Integer> limitIndexes() {
    return Arbitraries.integers().between(0, MessageLimits.MAX_LIMIT_INDEX);
  }

  private static Arbitrary<Long> tokens() {
    return Arbitraries.longs().between(0, MessageLimits.MAX_TOKENS);
  }

  private static Arbitrary<Long> rates() {
    return Arbitraries.longs().between(0, MessageLimits.MAX_MICRO_TOKENS_PER_SECOND);
  }

  private static Arbitrary<Long> nonNegative() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE);
  }

  private static Arbitrary<Long> positive() {
    return Arbitraries.longs().between(1, Long.MAX_VALUE);
  }

  private static Arbitrary<Long> ttls() {
    return Arbitraries.longs().between(0, MessageLimits.MAX_TTL_MILLIS);
  }

  private static Arbitrary<Long> nextSync() {
    return Arbitraries.longs().between(0, MessageLimits.MAX_NEXT_SYNC_MILLIS);
  }

  private static Arbitrary<Optional<String>> configs() {
    return codePointStrings(0, 200, true).optional();
  }

  public static Arbitrary<QuotaReport> quotaReports() {
    return Combinators.combine(quotaIds(), tokens(), tokens(), rates(), tokens(), nonNegative())
        .as(QuotaReport::new);
  }

  public static Arbitrary<Lease> leases() {
    return Combinators.combine(quotaIds(), tokens(), rates(), tokens(), nonNegative(), ttls(), rates())
        .as(Lease::new);
  }

  public static Arbitrary<DemandReport> ruleDemand() {
    return Combinators.combine(aggregateQuotaIds(), tokens(), tokens(), rates()).as(DemandReport::new);
  }

  public static Arbitrary<DemandReport> hotKeyDemand() {
    return Combinators.combine(quotaIds(), tokens(), tokens(), rates()).as(DemandReport::new);
  }

  public static Arbitrary<GrantAck> grantAcks() {
    return Combinators.combine(quotaIds(), nonNegative()).as(GrantAck::new);
  }

  public static Arbitrary<HeldGrant> heldGrants() {
    return Combinators.combine(quotaIds(), rates(), tokens(), nonNegative(), ttls(), positive())
        .as(HeldGrant::new);
  }

  public static Arbitrary<Grant> grants() {
    return Combinators.combine(quotaIds(), ids(), rates(), tokens(), nonNegative(), ttls(), positive(), rates())
        .as(Grant::new);
  }

  public static Arbitrary<EdgeSyncRequest> edgeSyncRequests() {
    Arbitrary<OptionalLong> sentAt = Arbitraries.longs().optional()
        .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
    return Combinators.combine(readableVersions(), ids(), ids().optional(), nonNegative(), nonNegative(),
            sentAt, quotaReports().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(QuotaReport::quota))
        .as(EdgeSyncRequest::new);
  }

  public static Arbitrary<EdgeSyncResponse> edgeSyncResponses() {
    return Combinators.combine(readableVersions(), ids(), ids(), nonNegative(), configs(),
            leases().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(Lease::quota),
            Arbitraries.of(true, false), nextSync())
        .as(EdgeSyncResponse::new);
  }

  public static Arbitrary<RegionSyncRequest> regionSyncRequests() {
    var header = Combinators.combine(readableVersions(), ids(), ids(), nonNegative(), nonNegative(),
        nonNegative()).as(Tuple::of);
    var lists = Combinators.combine(
        ruleDemand().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(DemandReport::quota),
        hotKeyDemand().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(DemandReport::quota),
        grantAcks().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(GrantAck::quota),
        heldGrants().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(HeldGrant::quota)).as(Tuple::of);
    return Combinators.combine(header, lists).as((h, l) -> new RegionSyncRequest(
        h.get1(), h.get2(), h.get3(), h.get4(), h.get5(), h.get6(), l.get1(), l.get2(), l.get3(), l.get4()));
  }

  public static Arbitrary<RegionSyncResponse> regionSyncResponses() {
    return Combinators.combine(readableVersions(), ids(), positive(), nonNegative(), configs(),
            grants().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(Grant::quota),
            quotaIds().list().ofMaxSize(MAX_ELEMENTS).uniqueElements(), nextSync())
        .as(RegionSyncResponse::new);
  }

  public static Arbitrary<Message> messages() {
    return Arbitraries.oneOf(edgeSyncRequests(), edgeSyncResponses(), regionSyncRequests(),
        regionSyncResponses());
  }
}

package io.leasehold.aggregator.core;

import io.leasehold.model.message.MicroTokens;

/**
 * What the region leaser needs to know about one limit of one rule, already resolved for this
 * region: the seam between the rules model and the core (see {@link QuotaPolicies}).
 *
 * <p>Edge-scoped limits never reach the aggregator and have no policy here.
 *
 * @param coordinated {@code true} for {@code scope: global} (the coordinator grants the region its
 *     share), {@code false} for {@code scope: region} (the region enforces the full limit alone)
 * @param perKey whether the rule's key varies per request ({@code false} for {@code key: constant},
 *     whose only quota is the rule aggregate)
 * @param limitMicroTokensPerSecond the limit's rate
 * @param limitBurst the limit's burst, tokens
 * @param regionFloorMicroTokensPerSecond this region's floor ({@code region_floors} × limit): its
 *     guaranteed rate when its grant expired and the coordinator is unreachable; for a region-scoped
 *     limit, the whole limit
 * @param keyShare how a per-key quota that is not hot is shared among regions
 * @param shareNumerator this region's part of the key share for {@link KeyShare#EQUAL} (1) and
 *     {@link KeyShare#WEIGHTS} (its weight); unused for {@link KeyShare#TRAFFIC}
 * @param shareDenominator the whole: the number of regions in the deployment's region list (the
 *     same in every region), or Σ weights
 * @param holdsThinShares the rule's {@code thin_share: hold}: a per-key quota's tokens go to an edge
 *     whose share is under one token per edge sync interval only for a request it holds
 *     (shared-model/docs/protocol.md, "Thin shares held")
 */
public record QuotaPolicy(
    boolean coordinated,
    boolean perKey,
    long limitMicroTokensPerSecond,
    long limitBurst,
    long regionFloorMicroTokensPerSecond,
    KeyShare keyShare,
    long shareNumerator,
    long shareDenominator,
    boolean holdsThinShares) {

  /** How the default per-key region share is computed (the rule's {@code key_region_share}). */
  public enum KeyShare {
    /** {@code 1 / regions}. */
    EQUAL,
    /** {@code weight / Σ weights}. */
    WEIGHTS,
    /**
     * The region's measured share of the rule's traffic, as granted by the coordinator for the
     * rule aggregate (grant rate / limit rate). Without a valid grant the region's floor applies,
     * never an equal share: another region may hold more than {@code 1 − 1/regions}.
     */
    TRAFFIC
  }

  public QuotaPolicy {
    requireRange("limitMicroTokensPerSecond", limitMicroTokensPerSecond, MicroTokens.MAX_PER_SECOND);
    requireRange("limitBurst", limitBurst, 1_000_000_000_000L);
    requireRange("regionFloorMicroTokensPerSecond", regionFloorMicroTokensPerSecond, limitMicroTokensPerSecond);
    if (keyShare == null) {
      throw new IllegalArgumentException("keyShare: null: required");
    }
    if (shareDenominator < 1) {
      throw new IllegalArgumentException("shareDenominator: " + shareDenominator + ": must be >= 1");
    }
    if (shareNumerator < 0 || shareNumerator > shareDenominator) {
      throw new IllegalArgumentException("shareNumerator: " + shareNumerator + ": must be in [0, "
          + shareDenominator + "]");
    }
  }

  /** A policy that holds no thin share's requests. */
  public QuotaPolicy(boolean coordinated, boolean perKey, long limitMicroTokensPerSecond, long limitBurst,
      long regionFloorMicroTokensPerSecond, KeyShare keyShare, long shareNumerator, long shareDenominator) {
    this(coordinated, perKey, limitMicroTokensPerSecond, limitBurst, regionFloorMicroTokensPerSecond, keyShare,
        shareNumerator, shareDenominator, false);
  }

  /** This policy with {@code thin_share: hold} (a per-key rule's). */
  public QuotaPolicy holdingThinShares() {
    return new QuotaPolicy(coordinated, perKey, limitMicroTokensPerSecond, limitBurst,
        regionFloorMicroTokensPerSecond, keyShare, shareNumerator, shareDenominator, perKey);
  }

  /** A region-scoped limit: the region enforces the whole limit on its own. */
  public static QuotaPolicy regional(boolean perKey, long limitMicroTokensPerSecond, long limitBurst) {
    return new QuotaPolicy(false, perKey, limitMicroTokensPerSecond, limitBurst, limitMicroTokensPerSecond,
        KeyShare.EQUAL, 1, 1);
  }

  /** A global limit shared equally among {@code regions}. */
  public static QuotaPolicy global(boolean perKey, long limitMicroTokensPerSecond, long limitBurst,
      long regionFloorMicroTokensPerSecond, int regions) {
    return new QuotaPolicy(true, perKey, limitMicroTokensPerSecond, limitBurst, regionFloorMicroTokensPerSecond,
        KeyShare.EQUAL, 1, regions);
  }

  private static void requireRange(String field, long value, long max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(field + ": " + value + ": must be in [0, " + max + "]");
    }
  }
}

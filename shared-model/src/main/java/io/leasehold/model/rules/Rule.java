package io.leasehold.model.rules;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What to limit and how (DESIGN.md §1, §6). Immutable; every field holds its effective value
 * (defaults applied). Build untrusted rules with {@link RuleConfig}, which validates every field
 * and every combination; {@link #builder(String)} is for code and tests.
 *
 * @param regionFloors region → guaranteed fraction of the rule's capacity, each in [0, 1], Σ ≤ 1;
 *     only for scope global
 * @param regionWeights region → positive weight for the allocator; only for scope global
 * @param priority allocation band 0..9, higher served first; not for scope edge
 * @param thinShare what an edge does when its thin share of a key is used up; {@code DENY} unless
 *     the rule is keyed and leased (scope global or region)
 */
public record Rule(
    String id,
    String description,
    Match match,
    KeySpec key,
    Scope scope,
    List<Limit> limits,
    Cost cost,
    OnUnavailable onUnavailable,
    boolean shadow,
    int priority,
    RegionShare keyRegionShare,
    Map<String, BigDecimal> regionFloors,
    Map<String, BigDecimal> regionWeights,
    UnseenKeyPolicy unseenKey,
    ThinSharePolicy thinShare) {

  /** Rule ids: 1–64 characters, lower-case letters, digits, '.', '_' or '-', not starting with a symbol. */
  public static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  public static final int MAX_PRIORITY = 9;
  public static final int MAX_LIMITS = 8;

  public Rule {
    if (id == null || !ID_PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException("id: " + id + " does not match " + ID_PATTERN);
    }
    if (description == null || match == null || key == null || scope == null || limits == null || cost == null
        || onUnavailable == null || keyRegionShare == null || regionFloors == null || regionWeights == null
        || unseenKey == null || thinShare == null) {
      throw new IllegalArgumentException("rule " + id + ": a field is null");
    }
    limits = List.copyOf(limits);
    if (limits.isEmpty() || limits.size() > MAX_LIMITS) {
      throw new IllegalArgumentException("rule " + id + ": needs 1 to " + MAX_LIMITS + " limits");
    }
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException("rule " + id + ": priority " + priority + " is outside 0.." + MAX_PRIORITY);
    }
    regionFloors = normalized(regionFloors);
    regionWeights = normalized(regionWeights);
  }

  private static Map<String, BigDecimal> normalized(Map<String, BigDecimal> byRegion) {
    TreeMap<String, BigDecimal> sorted = new TreeMap<>();
    // stripTrailingZeros: 0.2 and 0.20 are the same floor, and must compare equal after a round trip
    byRegion.forEach((region, value) -> sorted.put(region, canonical(value)));
    return Collections.unmodifiableMap(sorted);
  }

  private static BigDecimal canonical(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** The smallest burst among the limits: no single request may cost more. */
  public long smallestBurst() {
    long smallest = Long.MAX_VALUE;
    for (Limit limit : limits) {
      smallest = Math.min(smallest, limit.burst());
    }
    return smallest;
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.description = description;
    b.match = match;
    b.key = key;
    b.scope = scope;
    b.limits = limits;
    b.cost = cost;
    b.onUnavailable = onUnavailable;
    b.shadow = shadow;
    b.priority = priority;
    b.keyRegionShare = keyRegionShare;
    b.regionFloors = regionFloors;
    b.regionWeights = regionWeights;
    b.unseenKey = unseenKey;
    b.thinShare = thinShare;
    return b;
  }

  /** Fills in the same defaults as the configuration parser. */
  public static final class Builder {
    private final String id;
    private String description = "";
    private Match match = Match.ANY;
    private KeySpec key = KeySpec.CONSTANT;
    private Scope scope = Scope.GLOBAL;
    private List<Limit> limits = List.of();
    private Cost cost = Cost.ONE;
    private OnUnavailable onUnavailable = OnUnavailable.FLOOR;
    private boolean shadow;
    private int priority;
    private RegionShare keyRegionShare = RegionShare.EQUAL;
    private Map<String, BigDecimal> regionFloors = Map.of();
    private Map<String, BigDecimal> regionWeights = Map.of();
    private UnseenKeyPolicy unseenKey;
    private ThinSharePolicy thinShare = ThinSharePolicy.DENY;

    private Builder(String id) {
      this.id = id;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder match(Match match) {
      this.match = match;
      return this;
    }

    public Builder key(KeySpec key) {
      this.key = key;
      return this;
    }

    public Builder scope(Scope scope) {
      this.scope = scope;
      return this;
    }

    public Builder limits(Limit... limits) {
      this.limits = List.of(limits);
      return this;
    }

    public Builder limits(List<Limit> limits) {
      this.limits = limits;
      return this;
    }

    public Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    public Builder onUnavailable(OnUnavailable onUnavailable) {
      this.onUnavailable = onUnavailable;
      return this;
    }

    public Builder shadow(boolean shadow) {
      this.shadow = shadow;
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder keyRegionShare(RegionShare keyRegionShare) {
      this.keyRegionShare = keyRegionShare;
      return this;
    }

    public Builder regionFloors(Map<String, BigDecimal> regionFloors) {
      this.regionFloors = regionFloors;
      return this;
    }

    public Builder regionWeights(Map<String, BigDecimal> regionWeights) {
      this.regionWeights = regionWeights;
      return this;
    }

    /** Null means the default: {@link UnseenKeyPolicy#defaultFor(List)} of the limits. */
    public Builder unseenKey(UnseenKeyPolicy unseenKey) {
      this.unseenKey = unseenKey;
      return this;
    }

    public Builder thinShare(ThinSharePolicy thinShare) {
      this.thinShare = thinShare;
      return this;
    }

    public Rule build() {
      UnseenKeyPolicy policy = unseenKey != null ? unseenKey : UnseenKeyPolicy.defaultFor(limits);
      return new Rule(id, description, match, key, scope, limits, cost, onUnavailable, shadow, priority,
          keyRegionShare, regionFloors, regionWeights, policy, thinShare);
    }
  }
}

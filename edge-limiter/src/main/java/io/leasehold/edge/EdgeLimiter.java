package io.leasehold.edge;

import io.leasehold.edge.core.LeaseTableLimiter;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.time.Clock;
import java.util.Optional;

/**
 * The edge's sans-I/O core (DESIGN.md §4, §5): decides requests from leased tokens held in memory
 * and turns usage into batched sync requests; a shell does the I/O.
 *
 * <p><b>Threads.</b> {@link #decide} may be called from any number of threads at once (one per
 * event loop) and never blocks on I/O. The sync methods ({@link #beginSync}, {@link #completeSync},
 * {@link #failSync}, {@link #beginFinalSync}, {@link #replaceRules}) are called from one thread at
 * a time (the shell's sync loop), one round in flight at a time.
 */
public interface EdgeLimiter {

  /** A lease-table core; {@code rules} are in force (revision {@code revision}) until a sync relays others. */
  static EdgeLimiter create(EdgeSettings settings, RuleSet rules, long revision, Clock clock) {
    return new LeaseTableLimiter(settings, rules, revision, clock);
  }

  /** Decides a request at each matching rule's cost; a request waits for a first lease only if its rule says so. */
  default EdgeDecision decide(RequestView request, EdgeDecision out) {
    return decide(request, -1, true, out);
  }

  /**
   * Decides a request: every limit of every matching enforced rule must admit it (AND), and then
   * all of them are debited, or none is. Shadow rules are evaluated and counted but never reject.
   *
   * @param cost tokens to take from each limit; negative means each rule's configured cost
   * @param mayWait whether the caller can hold the request for a first lease ({@link
   *     EdgeDecision.Outcome#PENDING}); false applies {@code on_unavailable} at once instead
   * @return {@code out}
   */
  EdgeDecision decide(RequestView request, long cost, boolean mayWait, EdgeDecision out);

  /**
   * Decides again a request that {@link #decide} answered {@link EdgeDecision.Outcome#PENDING}
   * (after a sync round, or at its deadline with {@code mayWait} false). Unlike a new request, it
   * keeps waiting only for the answer it waits on: a thin share holds one request per key
   * ({@code thin_share: hold}), and a new request for that key is denied while one is held.
   */
  EdgeDecision decideHeld(RequestView request, long cost, boolean mayWait, EdgeDecision out);

  /** Builds the next sync request: usage, wants and acks of every quota touched since the last one. */
  SyncRound beginSync();

  /** Applies the aggregator's answer to {@code round}: leases, and relayed rules if their revision moved. */
  SyncResult completeSync(SyncRound round, EdgeSyncResponse response);

  /** The round got no answer: its usage is carried into the next request and the parent counts as unavailable. */
  void failSync(SyncRound round);

  /** The shutdown sync: like {@link #beginSync} but gives back every leased token; leases end here. */
  SyncRound beginFinalSync();

  /** Replaces the rules (a local rules file); entries of changed or removed rules give their tokens back. */
  void replaceRules(RuleSet rules, long revision);

  RuleSet rules();

  long configRevision();

  /** Whether the last sync succeeded (before the first sync: true). */
  boolean parentAvailable();

  /**
   * Called (from a deciding thread, or from the sync thread as a round ends; at most once per
   * round) when a quota wants a sync before the next tick: an unseen key for its first lease, or a
   * leased quota below its low-water mark whose last lease was not short. Never while a round is in
   * flight, nor within a quarter interval (or {@code min_early_sync_gap}) of the last round's start.
   */
  void onEarlySyncWanted(Runnable listener);

  EdgeStats stats();

  /** The state of one quota, if held: {@code key} is the rule's key value ({@code ""} for a constant key). */
  Optional<QuotaView> inspect(String ruleId, int limitIndex, String key);
}

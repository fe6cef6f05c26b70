package io.leasehold.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.EdgeSettings;
import io.leasehold.model.bucket.Decision;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The flat lease table on its own: lookups across rehashes, the size bound's choice of victims, idle sweeps. */
class LeaseTableTest {
  private static final long SECOND = 1_000_000_000L;

  private final RuleRuntime rule = new RuleRuntime(Rule.builder("api").match(Match.path("/api/**"))
      .key(KeySpec.header("x-api-key")).limits(Limit.of(Rate.perSecond(10))).build(), false,
      new java.util.SplittableRandom(1));
  private final Tuning tuning = new Tuning(EdgeSettings.builder("edge-1").build());
  private final List<KeyState> departed = new ArrayList<>();
  private final Decision scratch = new Decision();

  private LeaseTable table(long maxKeys, long idleNanos) {
    return new LeaseTable(maxKeys, idleNanos, (entry, evicted) -> {
      assertThat(evicted).isTrue();
      departed.add(entry);
    });
  }

  private KeyState put(LeaseTable table, String key, long now) {
    KeyHash hash = new KeyHash().of(1, 2, key);
    return table.putIfAbsent(hash, new KeyState(new EntryKey("api", key), hash, rule, 0, tuning, now, true), now);
  }

  private KeyState get(LeaseTable table, String key) {
    return table.get(new KeyHash().of(1, 2, key));
  }

  private void touch(LeaseTable table, KeyState entry, long now) {
    assertThat(table.lockEntry(entry, true, now, scratch)).isTrue();
    table.unlockDecided(entry, now);
  }

  @Test
  void entriesAreFoundAndLockableAcrossEveryRehash() {
    LeaseTable table = table(1_000_000, 60 * SECOND);
    List<KeyState> entries = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      entries.add(put(table, "key-" + i, 1));
    }
    assertThat(table.size()).isEqualTo(20_000);
    assertThat(table.slab().capacity()).isGreaterThanOrEqualTo(32_768);
    for (int i = 0; i < entries.size(); i++) {
      KeyState entry = entries.get(i);
      assertThat(get(table, "key-" + i)).isSameAs(entry);
      assertThat(put(table, "key-" + i, 1)).as("inserting again keeps the held entry").isSameAs(entry);
      assertThat(table.lockEntry(entry, true, 1, scratch)).isTrue();
      table.unlockEntry(entry, 1);
    }
    assertThat(get(table, "absent")).isNull();
  }

  /**
   * A request on two rules holds one slot while it locks the next. A rehash moves slots in index
   * order and must lock each, so waiting for it while holding a slot it has yet to move is a
   * deadlock: the holder is told to let go instead.
   */
  @Test
  void aCallerHoldingASlotIsNotMadeToWaitForARehashThatNeedsIt() throws Exception {
    LeaseTable table = table(1_000_000, 60 * SECOND);
    List<KeyState> entries = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      entries.add(put(table, "key-" + i, 1));
    }
    KeyState held = entries.stream().max(java.util.Comparator.comparingInt(e -> e.slot)).orElseThrow();
    KeyState moved = entries.stream().min(java.util.Comparator.comparingInt(e -> e.slot)).orElseThrow();
    LeaseTable.Slab before = table.slab();
    assertThat(table.lockEntry(held, true, 1, scratch)).isTrue();

    Thread flood = new Thread(() -> {
      for (int i = 64; table.slab() == before && i < 1_000_000; i++) {
        put(table, "flood-" + i, 1); // the first rehash stops at the held slot until it is let go
      }
    });
    flood.start();
    int outcome = LeaseTable.LOCKED_ENTRY;
    long deadline = System.nanoTime() + 10 * SECOND;
    while (System.nanoTime() < deadline) {
      outcome = table.lockEntry(moved, true, 1, scratch, false);
      if (outcome != LeaseTable.LOCKED_ENTRY) {
        break;
      }
      table.unlockEntry(moved, 1);
      Thread.onSpinWait();
    }
    assertThat(outcome).as("the rehash moved the lower slot and waits for the held one").isEqualTo(LeaseTable.REHASHING);

    table.unlockEntry(held, 1);
    flood.join(10_000);
    assertThat(flood.isAlive()).isFalse();
    assertThat(table.lockEntry(moved, true, 1, scratch, false)).isEqualTo(LeaseTable.LOCKED_ENTRY);
    table.unlockEntry(moved, 1);
  }

  @Test
  void theSizeBoundEvictsIdleEntriesBeforeRecentOnes() {
    LeaseTable table = table(100, 3_600 * SECOND);
    List<KeyState> idle = new ArrayList<>();
    List<KeyState> recent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      (i % 2 == 0 ? idle : recent).add(put(table, "key-" + i, SECOND));
    }
    for (KeyState entry : recent) {
      touch(table, entry, 60 * SECOND);
    }
    for (int i = 100; i < 120; i++) {
      put(table, "key-" + i, 61 * SECOND);
    }

    assertThat(table.size()).isEqualTo(100);
    assertThat(departed).hasSize(20);
    // Sampled LRU: a recent entry goes only when all 8 sampled entries are recent.
    assertThat(departed.stream().filter(idle::contains).count()).isGreaterThanOrEqualTo(18);
    assertThat(departed).allMatch(entry -> entry.retired || get(table, entry.key.key()) == null);
  }

  @Test
  void theIdleSweepEvictsExactlyTheEntriesIdleForTheExpiry() {
    LeaseTable table = table(1_000, 10 * SECOND);
    KeyState old = put(table, "old", SECOND);
    KeyState kept = put(table, "kept", SECOND);
    touch(table, kept, 5 * SECOND);

    table.sweepIdle(11 * SECOND - 1_000_000); // the first sweep passes over the whole table
    assertThat(departed).isEmpty();
    table.sweepIdle(11 * SECOND + 1_000_000); // 2 ms later: a slice of 2 ms / (10 s / 8) of it
    long period = 10 * SECOND / 8; // a whole pass per idle expiry / 8
    table.sweepIdle(11 * SECOND + period);
    assertThat(departed).containsExactly(old);
    assertThat(get(table, "old")).isNull();
    assertThat(table.lockEntry(old, true, 11 * SECOND, scratch)).isFalse();
    assertThat(get(table, "kept")).isSameAs(kept);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void theIdleSweepPassesOverTheTableInSlicesInProportionToTime() {
    LeaseTable table = table(100_000, 8 * SECOND); // a whole pass per second
    for (int i = 0; i < 50_000; i++) {
      put(table, "k" + i, SECOND);
    }
    table.sweepIdle(2 * SECOND); // the first sweep: whole, nothing idle yet
    assertThat(departed).isEmpty();
    table.sweepIdle(9 * SECOND - SECOND / 4); // a whole pass again (long since the last), still nothing idle
    assertThat(departed).isEmpty();
    for (int round = 1; round <= 4; round++) { // every entry idle from 9 s; a quarter of a pass each
      table.sweepIdle(9 * SECOND + (round - 1) * SECOND / 4);
      assertThat(departed.size()).as("after %d quarter passes", round).isBetween(round * 12_500 - 1_000, round * 12_500 + 1_000);
    }
    assertThat(table.size()).isZero();
  }

  @Test
  void aKeyReinsertedAfterEvictionIsANewEntryAndTheOldOneCannotBeLocked() {
    LeaseTable table = table(1, 3_600 * SECOND);
    KeyState first = put(table, "a", SECOND);
    put(table, "b", 2 * SECOND); // evicts a
    KeyState again = put(table, "a", 3 * SECOND); // evicts b, takes a tombstone or a free slot
    assertThat(again).isNotSameAs(first);
    assertThat(table.lockEntry(first, true, 3 * SECOND, scratch)).isFalse();
    assertThat(table.lockEntry(again, true, 3 * SECOND, scratch)).isTrue();
    table.unlockEntry(again, 3 * SECOND);
    Set<String> gone = new HashSet<>();
    departed.forEach(entry -> gone.add(entry.key.key()));
    assertThat(gone).containsExactlyInAnyOrder("a", "b");
  }
}

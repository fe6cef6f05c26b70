package io.leasehold.edge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.edge.EdgeSettings;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The sweep's schedule against a plain model: every filed entry comes out exactly once, at the
 * earliest time it was filed for since it last came out, never before that time, in time order.
 */
class ExpiryScheduleProperties {
  private static final RuleRuntime RULE = new RuleRuntime(Rule.builder("api").match(Match.path("/api/**"))
      .key(KeySpec.header("x-api-key")).limits(Limit.of(Rate.perSecond(10))).build(), false);
  private static final Tuning TUNING = new Tuning(EdgeSettings.builder("edge-1").build());

  /** One step: file entry {@code entry} at {@code at}, or (entry -1) sweep up to {@code at}. */
  record Step(int entry, long at) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> file = Combinators.combine(Arbitraries.integers().between(0, 15),
        Arbitraries.longs().between(-1_000, 1_000)).as(Step::new);
    Arbitrary<Step> sweep = Arbitraries.longs().between(-1_000, 1_000).map(at -> new Step(-1, at));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, file), net.jqwik.api.Tuple.of(1, sweep))
        .list().ofMaxSize(200);
  }

  @Property
  void everyFiledEntryComesOutOnceAtItsEarliestTimeInOrder(@ForAll("steps") List<Step> steps) {
    List<KeyState> entries = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      KeyHash hash = new KeyHash().of(1, 2, "k" + i);
      entries.add(new KeyState(new EntryKey("api", "k" + i), hash, RULE, i, TUNING, 0, true));
    }
    ExpirySchedule schedule = new ExpirySchedule();
    Map<KeyState, Long> model = new HashMap<>();
    long offset = Long.MAX_VALUE - 500; // times near the wrap of a nanosecond clock
    for (Step step : steps) {
      long at = offset + step.at();
      if (step.entry() >= 0) {
        KeyState entry = entries.get(step.entry());
        schedule.schedule(entry, at);
        model.merge(entry, at, (a, b) -> b - a < 0 ? b : a);
        continue;
      }
      long previous = Long.MIN_VALUE;
      boolean first = true;
      for (KeyState entry; (entry = schedule.pollDue(at)) != null; ) {
        assertThat(model).containsKey(entry);
        long filed = model.remove(entry);
        assertThat(at - filed).isGreaterThanOrEqualTo(0);
        if (!first) {
          assertThat(filed - previous).isGreaterThanOrEqualTo(0);
        }
        previous = filed;
        first = false;
      }
      model.values().forEach(filed -> assertThat(at - filed).isNegative());
    }
  }
}

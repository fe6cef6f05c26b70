package io.leasehold.model.time;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.Tuple;

/**
 * The queue against a plain model: every filed item comes out exactly once, at the earliest time it
 * was filed for since it last came out, never before that time, in time order — also across the
 * wrap of a nanosecond clock.
 */
class DueQueueProperties {
  static final class Item extends DueQueue.Entry {}

  /** One step: file item {@code item} at {@code at}, or (item -1) take everything due at {@code at}. */
  record Step(int item, long at) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> file = Combinators.combine(Arbitraries.integers().between(0, 15),
        Arbitraries.longs().between(-1_000, 1_000)).as(Step::new);
    Arbitrary<Step> poll = Arbitraries.longs().between(-1_000, 1_000).map(at -> new Step(-1, at));
    return Arbitraries.frequencyOf(Tuple.of(4, file), Tuple.of(1, poll)).list().ofMaxSize(200);
  }

  @Property
  void everyFiledItemComesOutOnceAtItsEarliestTimeInOrder(@ForAll("steps") List<Step> steps) {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      items.add(new Item());
    }
    DueQueue<Item> queue = new DueQueue<>();
    Map<Item, Long> model = new HashMap<>();
    long offset = Long.MAX_VALUE - 500;
    for (Step step : steps) {
      long at = offset + step.at();
      if (step.item() >= 0) {
        Item item = items.get(step.item());
        queue.file(item, at);
        model.merge(item, at, (a, b) -> b - a < 0 ? b : a);
        assertThat(item.filed()).isTrue();
        assertThat(item.dueAt()).isEqualTo(model.get(item));
        continue;
      }
      long previous = 0;
      boolean first = true;
      for (Item item; (item = queue.pollDue(at)) != null; ) {
        assertThat(model).containsKey(item);
        long filed = model.remove(item);
        assertThat(at - filed).isGreaterThanOrEqualTo(0);
        if (!first) {
          assertThat(filed - previous).isGreaterThanOrEqualTo(0);
        }
        assertThat(item.filed()).isFalse();
        previous = filed;
        first = false;
      }
      model.values().forEach(filed -> assertThat(at - filed).isNegative());
    }
  }
}

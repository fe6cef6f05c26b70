package io.leasehold.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Plays a fault script against a cluster on its own thread, each step at its time after
 * {@link #start}; a failing step is recorded and the script goes on.
 */
public final class FaultRunner {
  private final LocalCluster cluster;
  private final List<FaultStep> steps;
  private final Consumer<FaultOutcome> onOutcome;
  private final List<FaultOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
  private Thread thread;

  public FaultRunner(LocalCluster cluster, List<FaultStep> steps, Consumer<FaultOutcome> onOutcome) {
    this.cluster = cluster;
    this.steps = List.copyOf(steps);
    this.onOutcome = onOutcome;
  }

  /** Starts playing; step times count from {@code startNanos} ({@link System#nanoTime()}). */
  public void start(long startNanos) {
    thread = new Thread(() -> play(startNanos), "fault-runner");
    thread.setDaemon(true);
    thread.start();
  }

  private void play(long startNanos) {
    for (FaultStep step : steps) {
      long due = startNanos + step.at().toNanos();
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
      long began = System.nanoTime();
      FaultOutcome outcome;
      try {
        Map<String, Object> details = step.action().apply(cluster);
        outcome = new FaultOutcome(step, (began - startNanos) / 1_000_000, (System.nanoTime() - began) / 1_000_000,
            details, Optional.empty());
      } catch (IOException | RuntimeException e) {
        outcome = new FaultOutcome(step, (began - startNanos) / 1_000_000, (System.nanoTime() - began) / 1_000_000,
            Map.of(), Optional.of(String.valueOf(e.getMessage())));
      }
      outcomes.add(outcome);
      onOutcome.accept(outcome);
    }
  }

  /** Waits until every step has run. */
  public List<FaultOutcome> await() throws InterruptedException {
    if (thread != null) {
      thread.join();
    }
    return List.copyOf(outcomes);
  }

  public void stop() {
    if (thread != null) {
      thread.interrupt();
    }
  }

  public List<FaultOutcome> outcomes() {
    return List.copyOf(outcomes);
  }
}

package io.leasehold.sim.engine;

import io.leasehold.model.time.ManualClock;
import java.util.Arrays;

/**
 * The event loops of one run and which region runs on which. With one lane every region shares
 * one {@link Simulator}; with a lane per region each region has its own loop and virtual clock,
 * and the runner advances each in windows so short that nothing another lane sends while it runs
 * one can be due before that window ends (conservative parallel simulation with lookahead, {@link
 * WindowScheduler}), so lanes are independent inside a window and may run on different threads.
 *
 * <p>The lane layout is part of the run's definition, not of the machine: a run with lanes gives
 * the same result on 1 thread or many ({@link WindowScheduler}), though not the same as a single-lane
 * run of the same seed (each lane draws its network delays from its own stream).
 */
public final class Lanes {
  private final Simulator[] simulators;
  private final int[] regionLane;

  private Lanes(Simulator[] simulators, int[] regionLane) {
    this.simulators = simulators;
    this.regionLane = regionLane;
  }

  /** Every region on {@code simulator}. */
  public static Lanes single(Simulator simulator, int regions) {
    return new Lanes(new Simulator[] {simulator}, new int[regions]);
  }

  /** One lane per region, each with its own clock starting at 0. */
  public static Lanes perRegion(int regions) {
    if (regions < 1) {
      throw new IllegalArgumentException("regions: " + regions + " must be ≥ 1");
    }
    Simulator[] simulators = new Simulator[regions];
    int[] lanes = new int[regions];
    for (int r = 0; r < regions; r++) {
      simulators[r] = new Simulator(new ManualClock(0L));
      lanes[r] = r;
    }
    return new Lanes(simulators, lanes);
  }

  public int count() {
    return simulators.length;
  }

  public Simulator simulator(int lane) {
    return simulators[lane];
  }

  /** The event loop a region's nodes run on. */
  public Simulator forRegion(int region) {
    return simulators[regionLane[region]];
  }

  public int laneOf(int region) {
    return regionLane[region];
  }

  public Simulator[] simulators() {
    return simulators.clone();
  }

  /** The lane of each of the first {@code regions} regions. */
  public int[] regionLanes(int regions) {
    if (regions != regionLane.length) {
      throw new IllegalArgumentException("regions: " + regions + " but the lanes were laid out for " + regionLane.length);
    }
    return regionLane.clone();
  }

  /** Events processed in all lanes. */
  public long processedEvents() {
    return Arrays.stream(simulators).mapToLong(Simulator::processedEvents).sum();
  }

  /**
   * Moves every lane's clock to {@code nanos} without running anything: between windows, before a
   * fault applies at the window's end. Every lane must have run all its events before then.
   */
  public void advanceAll(long nanos) {
    for (Simulator simulator : simulators) {
      simulator.advanceTo(nanos);
    }
  }
}

package io.leasehold.sim.net;

import java.util.BitSet;

/**
 * A cut between two node sets: while active, no message crosses between a node of one side and a
 * node of the other, in either direction. Messages already in flight when the cut starts are lost
 * too (they are checked again on delivery).
 */
public final class Partition {
  private final BitSet sideA;
  private final BitSet sideB;
  private final String label;
  private boolean active = true;

  Partition(BitSet sideA, BitSet sideB, String label) {
    this.sideA = sideA;
    this.sideB = sideB;
    this.label = label;
  }

  public boolean active() {
    return active;
  }

  public String label() {
    return label;
  }

  /** Heals the cut; later messages cross again. */
  public void heal() {
    active = false;
  }

  boolean separates(int from, int to) {
    return active
        && ((sideA.get(from) && sideB.get(to)) || (sideB.get(from) && sideA.get(to)));
  }

  @Override
  public String toString() {
    return "Partition[" + label + (active ? ", active]" : ", healed]");
  }
}

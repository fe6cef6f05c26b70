package io.leasehold.sim.net;

/** A simulated host: dense id (array index in the network), readable name, and its region. */
public record NodeAddress(int id, String name, int region) {
  @Override
  public String toString() {
    return name + "#" + id;
  }
}

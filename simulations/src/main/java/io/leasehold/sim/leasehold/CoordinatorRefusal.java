package io.leasehold.sim.leasehold;

/** A coordinator that does not answer a region sync: it is not the leader, or it was deposed. */
record CoordinatorRefusal(String reason) {}

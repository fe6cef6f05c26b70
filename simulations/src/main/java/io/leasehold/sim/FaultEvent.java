package io.leasehold.sim;

import io.leasehold.sim.scenario.Fault;

/** A fault starting ({@code BEGIN}) or ending ({@code END}: heal, restart) at the current virtual time. */
public record FaultEvent(Fault fault, Phase phase) {
  public enum Phase {
    BEGIN,
    END
  }
}

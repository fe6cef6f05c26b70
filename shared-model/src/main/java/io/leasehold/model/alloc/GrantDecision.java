package io.leasehold.model.alloc;

/**
 * A grant to send now, with the target it is working towards. {@link #heldBack()} is true while
 * the grant is below the target because capacity taken from other children is still outstanding
 * (revoke, then reassign): the explanation an operator sees for a slow-growing share.
 */
public record GrantDecision(Grant grant, ChildTarget target) {
  public boolean heldBack() {
    return grant.rate() < target.rate() || grant.burst() < target.burst();
  }
}

package io.leasehold.model.message;

import io.leasehold.model.QuotaId;
import java.util.Objects;

/**
 * A region's acknowledgement that it applies the grant of {@code epoch} for {@code quota}. Once a
 * shrunk grant is acknowledged the coordinator may re-grant the capacity it freed (DESIGN.md
 * invariant 2).
 *
 * @param quota the quota
 * @param epoch epoch of the grant now in force in the region
 */
public record GrantAck(QuotaId quota, long epoch) {

  public GrantAck {
    Objects.requireNonNull(quota, "quota");
  }
}

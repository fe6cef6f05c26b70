package io.leasehold.coordinator.core;

import io.leasehold.model.message.RegionSyncResponse;
import java.util.Objects;

/** What {@link CentralPool#sync} made of a region's report. */
public sealed interface SyncResult {

  /** The answer to send: grants, hot keys active elsewhere, config. */
  record Answered(RegionSyncResponse response) implements SyncResult {
    public Answered {
      Objects.requireNonNull(response, "response");
    }
  }

  /** This coordinator is not the leader: the region should be sent to the leader. */
  record NotLeader() implements SyncResult {}

  /**
   * The region has seen a newer leader's fencing token: this coordinator has been deposed and
   * must not answer (its grants would be ignored, and its acks are meaningless).
   *
   * @param seenToken the highest fencing token in the request
   * @param ownToken this coordinator's token
   */
  record Deposed(long seenToken, long ownToken) implements SyncResult {}
}

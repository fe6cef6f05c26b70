package io.leasehold.edge;

import io.leasehold.model.message.EdgeSyncRequest;

/**
 * One {@code POST /v1/sync} exchange in flight: what was sent and when, so that the answer's TTLs
 * are measured from the send instant on this edge's clock (DESIGN.md invariant 3) and a failed
 * round's usage is reported again.
 *
 * @param request the body to send
 * @param sentAtNanos the edge clock when the request was built (the TTL origin)
 * @param isFinal whether this is the shutdown sync that gives every token back
 */
public record SyncRound(EdgeSyncRequest request, long sentAtNanos, boolean isFinal) {

  public long seq() {
    return request.seq();
  }
}

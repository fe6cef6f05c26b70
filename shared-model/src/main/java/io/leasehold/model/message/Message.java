package io.leasehold.model.message;

/**
 * A top-level inter-tier message: the body of one sync request or response. Every one carries the
 * protocol version it was written in.
 */
public sealed interface Message
    permits EdgeSyncRequest, EdgeSyncResponse, RegionSyncRequest, RegionSyncResponse {

  ProtocolVersion version();
}

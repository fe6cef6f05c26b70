package io.leasehold.edge.client;

import io.leasehold.edge.SyncResult;

/** Observes sync rounds (metrics, logs). Called on the sync loop's context. */
public interface SyncListener {

  void succeeded(long latencyNanos, SyncResult result);

  void failed(long latencyNanos, String kind, String message);

  SyncListener NONE = new SyncListener() {
    @Override
    public void succeeded(long latencyNanos, SyncResult result) {}

    @Override
    public void failed(long latencyNanos, String kind, String message) {}
  };
}

package io.leasehold.coordinator.etcd;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Uniform handling of jetcd calls: a bounded wait, and synchronous throws turned into failed futures. */
final class EtcdCalls {
  private EtcdCalls() {}

  /**
   * Starts {@code call} and bounds it by {@code timeoutMillis}. jetcd throws synchronously from a
   * closed client; that becomes a failed future too, so callers have one failure path.
   */
  static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call, long timeoutMillis) {
    try {
      return call.get().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Starts {@code call} without caring how it ends (best-effort cleanup). */
  static void fireAndForget(Supplier<? extends CompletableFuture<?>> call, long timeoutMillis) {
    try {
      call.get().orTimeout(timeoutMillis, TimeUnit.MILLISECONDS).whenComplete((r, e) -> { });
    } catch (RuntimeException e) {
      // best effort: a closed client or a lost lease needs no cleanup
    }
  }
}

package io.leasehold.model.bucket;

/**
 * A thread-safe view of a single-writer {@link Limiter}: every call runs under the wrapper's
 * monitor. For limiters genuinely shared between threads (a quota not sharded per event loop);
 * the edge's sharded path does not need it. Its cost under two threads is measured in
 * {@code docs/buckets.md}.
 *
 * <p>The wrapped limiter must not be used directly once wrapped. Each thread passes its own
 * {@link Decision} holder.
 */
public final class SynchronizedLimiter implements Limiter {

  private final Limiter delegate;

  public SynchronizedLimiter(Limiter delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate: null; a limiter to guard is required");
    }
    this.delegate = delegate;
  }

  @Override
  public synchronized boolean tryAcquire(long cost, long nowNanos, Decision out) {
    return delegate.tryAcquire(cost, nowNanos, out);
  }

  @Override
  public synchronized boolean tryAcquire(long cost, long nowNanos) {
    return delegate.tryAcquire(cost, nowNanos);
  }

  @Override
  public synchronized boolean check(long cost, long nowNanos, Decision out) {
    return delegate.check(cost, nowNanos, out);
  }

  @Override
  public long capacity() {
    return delegate.capacity();
  }

  @Override
  public String toString() {
    synchronized (this) {
      return "Synchronized" + delegate;
    }
  }
}

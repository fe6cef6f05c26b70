package io.leasehold.model.time;

/** {@link Clock} backed by {@link System#nanoTime()}. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanos() {
    return System.nanoTime();
  }
}

package io.leasehold.sim.net;

/**
 * Outcome of a {@link Network#call}: exactly one of the two methods runs, once. The {@code tag}
 * given to {@code call} comes back so one handler can serve many calls without a closure each.
 */
public interface ResponseHandler {
  void onResponse(long tag, Object response);

  void onTimeout(long tag);
}

package io.leasehold.edge.core;

/** Whether a decision may answer {@code PENDING}, and whether the request was held before. */
final class WaitMode {
  /** Decide now: a quota that would wait applies {@code on_unavailable}, a thin share denies. */
  static final int NO_WAIT = 0;
  /** A new request: it may wait for a first lease, or be held for a thin share's next lease. */
  static final int MAY_WAIT = 1;
  /** A request answered {@code PENDING} before, decided again: it keeps waiting only for the answer it waits on. */
  static final int HELD = 2;
  /** A held request past its deadline: decided now, and a thin share's hold on it ends. */
  static final int HELD_EXPIRED = 3;

  /** Whether a decision in {@code mode} may answer {@code PENDING}. */
  static boolean mayWait(int mode) {
    return mode == MAY_WAIT || mode == HELD;
  }

  private WaitMode() {}
}

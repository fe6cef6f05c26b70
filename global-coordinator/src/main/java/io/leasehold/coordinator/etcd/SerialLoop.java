package io.leasehold.coordinator.etcd;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that owns a component's mutable state. jetcd calls back on gRPC threads; every
 * callback hops here first, so state needs no locks and callbacks never race each other. Work
 * submitted after {@link #shutdown()} runs on the caller's thread: components check their closed flag
 * first, and pending futures still complete instead of hanging.
 */
final class SerialLoop implements Executor {
  private final ScheduledExecutorService executor;
  private volatile Thread thread;

  SerialLoop(String name) {
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      thread = t;
      return t;
    });
  }

  @Override
  public void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closed) {
      task.run();
    }
  }

  ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    try {
      return executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return null;
    }
  }

  void shutdown(long awaitMillis) {
    executor.shutdown();
    if (Thread.currentThread() == thread) {
      return; // closing from our own thread: the queued work finishes after this task
    }
    try {
      if (!executor.awaitTermination(awaitMillis, TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

package io.leasehold.edge.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time per decision of {@link EdgeDecisionBenchmark}'s workloads, measured per thread with
 * {@code ThreadMXBean}: on a shared host, where JMH's wall-clock throughput mostly measures how much
 * of the cores the benchmark got, this is the figure that says what two dedicated cores would do
 * ({@code threads × 10^9 / ns per decision}). Stalls on memory count as CPU time; other processes'
 * cache pollution still shows.
 *
 * <pre>java -cp … io.leasehold.edge.bench.DecisionCpuTime [pool|arrivals|hot] [threads] [seconds] [keys]</pre>
 */
public final class DecisionCpuTime {
  private DecisionCpuTime() {}

  public static void main(String[] args) throws Exception {
    String workload = args.length > 0 ? args[0] : "pool";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    long seconds = args.length > 2 ? Long.parseLong(args[2]) : 4;
    EdgeDecisionBenchmark bench = new EdgeDecisionBenchmark();
    bench.keys = args.length > 3 ? Integer.parseInt(args[3]) : 1 << 20;
    bench.setUp();
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= 3; round++) {
      long[] ops = new long[threads];
      long[] cpu = new long[threads];
      long[] bytes = new long[threads];
      Thread[] workers = new Thread[threads];
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      for (int t = 0; t < threads; t++) {
        int id = t;
        workers[t] = new Thread(() -> {
          EdgeDecisionBenchmark.Walk walk = new EdgeDecisionBenchmark.Walk();
          walk.setUp(bench);
          long cpu0 = mx.getCurrentThreadCpuTime();
          long bytes0 = mx.getCurrentThreadAllocatedBytes();
          long n = 0;
          while ((n & 4095) != 0 || System.nanoTime() < deadline) {
            switch (workload) {
              case "hot" -> bench.twoThreadsHotKeys(walk);
              case "arrivals" -> bench.twoThreadsArrivals(walk);
              default -> bench.twoThreads(walk);
            }
            n++;
          }
          cpu[id] = mx.getCurrentThreadCpuTime() - cpu0;
          bytes[id] = mx.getCurrentThreadAllocatedBytes() - bytes0;
          ops[id] = n;
          walk.lastDecisionWasAllowed();
        });
      }
      for (Thread worker : workers) {
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
      long totalOps = 0;
      long totalCpu = 0;
      long totalBytes = 0;
      for (int t = 0; t < threads; t++) {
        totalOps += ops[t];
        totalCpu += cpu[t];
        totalBytes += bytes[t];
      }
      double nanos = (double) totalCpu / totalOps;
      System.out.printf("round %d: %s, %d keys, %d threads: %.0f ns CPU per decision -> %.2f M decisions/s on %d"
              + " dedicated cores; %.3f B/decision; load average %s%n", round, workload, bench.keys, threads, nanos,
          threads * 1e3 / nanos, threads, (double) totalBytes / totalOps,
          Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
  }
}

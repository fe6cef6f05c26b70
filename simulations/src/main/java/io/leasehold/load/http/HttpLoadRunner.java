package io.leasehold.load.http;

import io.leasehold.load.LoadResult;
import io.leasehold.load.LoadSpec;
import io.leasehold.load.LoadStream;
import io.leasehold.load.core.OpenLoopSchedule;
import io.leasehold.load.core.QuotaTracker;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.sim.report.RunSeries;
import io.leasehold.sim.traffic.KeySampler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends an open-loop load over HTTP: one sender thread per stream walks its
 * {@link OpenLoopSchedule}, waits for each intended start and fires the request asynchronously, so
 * a slow answer never delays the next request. Latency is recorded from the intended start.
 */
public final class HttpLoadRunner {
  private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(120);

  private final LoadSpec spec;
  private final RuleSet rules;
  private final List<String> regions;
  private final Recorder latency = new Recorder(MAX_LATENCY_NANOS, 3);
  private final LongAdder admitted = new LongAdder();
  private final LongAdder denied = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong outstanding = new AtomicLong();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private AtomicLongArray maxLatency;

  public HttpLoadRunner(LoadSpec spec, RuleSet rules) {
    this.spec = spec;
    this.rules = rules;
    this.regions = spec.streams().stream().map(LoadStream::region).distinct().toList();
  }

  public LoadResult run(Vertx vertx) throws InterruptedException {
    long durationNanos = spec.duration().toNanos();
    int slots = (int) Math.ceil(durationNanos / (double) RunSeries.SLOT_NANOS);
    QuotaTracker quotas = new QuotaTracker(rules, regions, spec.trackedKeys(), slots);
    maxLatency = new AtomicLongArray((int) Math.ceil(durationNanos / 1e9));
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setConnectTimeout((int) spec.deadline().toMillis()),
        new PoolOptions().setHttp1MaxSize(64));
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    List<Thread> senders = new ArrayList<>();
    for (int i = 0; i < spec.streams().size(); i++) {
      LoadStream stream = spec.streams().get(i);
      long seed = spec.seed() * 31 + i;
      Thread t = new Thread(() -> send(client, stream, quotas, start, new SplittableRandom(seed)),
          "load-" + stream.region() + "-" + i);
      t.setDaemon(true);
      senders.add(t);
      t.start();
    }
    for (Thread t : senders) {
      t.join();
    }
    long drainDeadline = System.nanoTime() + spec.deadline().toNanos() + TimeUnit.SECONDS.toNanos(2);
    while (outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
      Thread.sleep(10);
    }
    double wallSeconds = (System.nanoTime() - start) / 1e9;
    client.close();
    Histogram histogram = latency.getIntervalHistogram();
    Map<String, Long> failureCounts = new TreeMap<>();
    failures.forEach((k, v) -> failureCounts.put(k, v.sum()));
    long unanswered = outstanding.get();
    if (unanswered > 0) {
      failureCounts.merge("unanswered at the end", unanswered, Long::sum);
    }
    long[] maxPerSecond = new long[maxLatency.length()];
    for (int i = 0; i < maxPerSecond.length; i++) {
      maxPerSecond[i] = maxLatency.get(i);
    }
    return new LoadResult(spec, sent.get(), admitted.sum(), denied.sum(), failed.sum() + unanswered, late.sum(),
        histogram, maxPerSecond, quotas, failureCounts, wallSeconds);
  }

  private void send(HttpClient client, LoadStream stream, QuotaTracker quotas, long start, SplittableRandom rng) {
    long from = stream.from().toNanos();
    if (from >= spec.duration().toNanos()) {
      return;
    }
    OpenLoopSchedule schedule = new OpenLoopSchedule(stream.ratePerSecond(), spec.duration().toNanos() - from);
    KeySampler keys = stream.keys().sampler();
    int[] matched = quotas.matchedRules(stream);
    int region = regions.indexOf(stream.region());
    long deadlineNanos = spec.deadline().toNanos();
    for (long i = 0; ; i++) {
      long scheduled = schedule.offsetNanos(i);
      if (scheduled < 0 || sent.get() >= spec.maxRequests()) {
        return;
      }
      long offset = from + scheduled;
      long intended = start + offset;
      long wait;
      while ((wait = intended - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      sent.incrementAndGet();
      outstanding.incrementAndGet();
      long key = keys.sample(rng);
      String target = stream.targets().get((int) (i % stream.targets().size()));
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(stream.method()))
          .setAbsoluteURI(target + stream.path()).setIdleTimeout(spec.deadline().toMillis());
      stream.keyHeader().ifPresent(h -> options.putHeader(h, LoadStream.keyValue(key)));
      client.request(options)
          .compose(request -> request.send().compose(response -> response.body().map(body -> response.statusCode())))
          .timeout(Math.max(1, (intended + deadlineNanos - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)
          .onComplete(ar -> {
            long took = System.nanoTime() - intended;
            outstanding.decrementAndGet();
            maxLatency.accumulateAndGet((int) (offset / 1_000_000_000L), took, Math::max);
            if (ar.failed()) {
              failed.increment();
              failures.computeIfAbsent(ar.cause().getClass().getSimpleName(), k -> new LongAdder()).increment();
              quotas.record(region, offset, matched, key, false);
              return;
            }
            int status = ar.result();
            latency.recordValue(Math.min(took, MAX_LATENCY_NANOS));
            if (took > deadlineNanos) {
              late.increment();
            }
            if (status / 100 == 2) {
              admitted.increment();
              quotas.record(region, offset, matched, key, true);
            } else if (status == 429) {
              denied.increment();
              quotas.record(region, offset, matched, key, false);
            } else {
              failed.increment();
              failures.computeIfAbsent("HTTP " + status, k -> new LongAdder()).increment();
              quotas.record(region, offset, matched, key, false);
            }
          });
    }
  }
}

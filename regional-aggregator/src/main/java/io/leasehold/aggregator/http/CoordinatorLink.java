package io.leasehold.aggregator.http;

import io.leasehold.aggregator.core.AppliedRegionSync;
import io.leasehold.aggregator.core.RegionLeaser;
import io.leasehold.aggregator.core.RegionReport;
import io.leasehold.aggregator.core.RegionSyncCadence;
import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.RegionSyncResponse;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The region-sync loop: every interval sends the leaser's region report to the coordinator's
 * {@code POST /v1/region-sync} and applies the answer. Each round has a deadline; after a failure
 * the next round waits twice as long (up to 10 s), so a coordinator outage is not hammered. While
 * the coordinator is unreachable the leaser falls back to floors as grants expire.
 */
final class CoordinatorLink {
  private static final Logger LOG = Logger.getLogger(CoordinatorLink.class.getName());

  private final Vertx vertx;
  private final HttpClient client;
  private final String url;
  private final Optional<String> token;
  private final Duration interval;
  private final Duration timeout;
  private final RegionLeaser leaser;
  private final MessageCodec codec = MessageCodec.json();
  private final AggregatorMetrics metrics;
  private final BiConsumer<String, Long> onNewRules;
  private int failures;
  private long timer = -1;
  private boolean stopped;

  CoordinatorLink(Vertx vertx, HttpClient client, URI base, Optional<String> token, Duration interval,
      Duration timeout, RegionLeaser leaser, AggregatorMetrics metrics, BiConsumer<String, Long> onNewRules) {
    this.vertx = vertx;
    this.client = client;
    this.url = base.resolve("/v1/region-sync").toString();
    this.token = token;
    this.interval = interval;
    this.timeout = timeout;
    this.leaser = leaser;
    this.metrics = metrics;
    this.onNewRules = onNewRules;
  }

  void start() {
    schedule(1);
  }

  void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void schedule(long delayMillis) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delayMillis), id -> round());
    }
  }

  private void round() {
    RegionReport report = leaser.regionReport();
    Buffer body = Buffer.buffer(codec.encode(report.request()));
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setTimeout(timeout.toMillis()).putHeader("Content-Type", codec.mediaType());
    token.ifPresent(t -> options.putHeader("Authorization", BearerAuth.header(t)));
    client.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(bytes -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + abbreviate(bytes.toString()));
          }
          return bytes;
        }))
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            apply(ar.result(), report);
          } else {
            fail(ar.cause().getMessage());
          }
        });
  }

  private void apply(Buffer bytes, RegionReport report) {
    Decoded<RegionSyncResponse> decoded = codec.decode(bytes.getBytes(), RegionSyncResponse.class);
    if (!decoded.isValid()) {
      fail("invalid region-sync response: " + ((Decoded.Invalid<RegionSyncResponse>) decoded).describe());
      return;
    }
    RegionSyncResponse response = decoded.orElseThrow();
    AppliedRegionSync applied = leaser.apply(response, report.sentAtNanos());
    if (!applied.accepted()) {
      LOG.warning(() -> "ignored an answer from deposed coordinator " + response.coordinatorId() + " (fencing token "
          + response.fencingToken() + " < " + leaser.fencingTokenSeen() + ")");
      fail("deposed leader");
      return;
    }
    failures = 0;
    metrics.coordinatorOk.increment();
    applied.newConfig().ifPresent(doc -> onNewRules.accept(doc, applied.newConfigRevision()));
    schedule(TimeUnit.NANOSECONDS.toMillis(RegionSyncCadence.afterAnswerNanos(response.nextSyncMillis(),
        interval.toNanos())));
  }

  private void fail(String reason) {
    metrics.coordinatorFailed.increment();
    failures = Math.min(failures + 1, 20);
    long backoff = TimeUnit.NANOSECONDS.toMillis(RegionSyncCadence.afterFailureNanos(failures, interval.toNanos()));
    if (failures == 1 || failures % 10 == 0) {
      LOG.log(Level.WARNING, "region sync with {0} failed ({1} in a row): {2}", new Object[] {url, failures, reason});
    }
    schedule(backoff);
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}

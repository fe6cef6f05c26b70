package io.leasehold.edge.client;

import io.leasehold.edge.EdgeConfig;
import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.time.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends {@code POST /v1/sync} to the aggregator replicas: one attempt per replica at most per call,
 * each bounded by the configured timeout, starting with the replica that answered last and skipping
 * replicas whose circuit breaker is open (a replica that failed {@code breaker_failures} times in a
 * row rests for {@code breaker_cooldown}, then gets one trial request).
 *
 * <p>Call from one Vert.x context (the sync loop's); not thread-safe.
 */
public final class AggregatorClient {
  private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final HttpClient http;
  private final List<Replica> replicas = new ArrayList<>();
  private final EdgeConfig.Aggregator settings;
  private final MessageCodec codec = MessageCodec.json();
  private final Clock clock;
  private int preferred;

  public AggregatorClient(Vertx vertx, EdgeConfig.Aggregator settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    for (URI url : settings.urls()) {
      replicas.add(new Replica(url));
    }
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()))
        .setKeepAlive(true);
    this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(4));
  }

  /** Why a sync failed, for logs and metrics. */
  public static final class SyncFailure extends RuntimeException {
    private final String kind;

    public SyncFailure(String kind, String message) {
      super(message, null, false, false);
      this.kind = kind;
    }

    /** {@code timeout}, {@code connect}, {@code status}, {@code bad_response} or {@code breaker_open}. */
    public String kind() {
      return kind;
    }
  }

  public Future<EdgeSyncResponse> sync(EdgeSyncRequest request) {
    Buffer body = Buffer.buffer(codec.encode(request));
    Promise<EdgeSyncResponse> result = Promise.promise();
    attempt(body, orderOfTrial(), 0, null, result);
    return result.future();
  }

  /** Replicas to try, from the one that answered last; those with an open breaker are skipped. */
  private List<Replica> orderOfTrial() {
    long now = clock.nanos();
    List<Replica> order = new ArrayList<>(replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      Replica r = replicas.get((preferred + i) % replicas.size());
      if (r.available(now)) {
        order.add(r);
      }
    }
    return order;
  }

  private void attempt(Buffer body, List<Replica> order, int index, SyncFailure last, Promise<EdgeSyncResponse> result) {
    if (index >= order.size()) {
      result.fail(last != null ? last : new SyncFailure("breaker_open", "every aggregator replica's breaker is open"));
      return;
    }
    Replica replica = order.get(index);
    send(replica, body).onComplete(ar -> {
      if (ar.succeeded()) {
        replica.succeeded();
        preferred = replicas.indexOf(replica);
        result.complete(ar.result());
      } else {
        replica.failed(clock.nanos(), settings);
        SyncFailure failure = ar.cause() instanceof SyncFailure f ? f
            : new SyncFailure(ar.cause() instanceof java.util.concurrent.TimeoutException ? "timeout" : "connect",
                replica.url + ": " + ar.cause().getMessage());
        attempt(body, order, index + 1, failure, result);
      }
    });
  }

  private Future<EdgeSyncResponse> send(Replica replica, Buffer body) {
    long timeoutMillis = settings.timeout().toMillis();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(replica.syncUri)
        .setIdleTimeout(timeoutMillis)
        .putHeader(HttpHeaders.CONTENT_TYPE, codec.mediaType())
        .putHeader(HttpHeaders.ACCEPT, codec.mediaType());
    settings.token().ifPresent(token -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    return http.request(options)
        .compose(req -> req.send(body))
        .compose(resp -> {
          if (resp.statusCode() != 200) {
            return resp.body().transform(b -> Future.failedFuture(new SyncFailure("status",
                replica.url + ": HTTP " + resp.statusCode() + " " + abbreviate(b.succeeded() ? b.result().toString() : ""))));
          }
          String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
          if (length != null && length.length() < 19 && Long.parseLong(length) > MAX_RESPONSE_BYTES) {
            return Future.failedFuture(new SyncFailure("bad_response", replica.url + ": response too large: " + length));
          }
          return resp.body().compose(b -> {
            Decoded<EdgeSyncResponse> decoded = codec.decode(b.getBytes(), EdgeSyncResponse.class);
            return decoded.isValid()
                ? Future.succeededFuture(decoded.orElseThrow())
                : Future.failedFuture(new SyncFailure("bad_response", replica.url + ": invalid sync response: "
                    + abbreviate(((Decoded.Invalid<EdgeSyncResponse>) decoded).describe())));
          });
        })
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  public Future<Void> close() {
    return http.close();
  }

  /** One aggregator replica and its circuit breaker. */
  private static final class Replica {
    final URI url;
    final String syncUri;
    int consecutiveFailures;
    long openUntil;
    boolean open;

    Replica(URI url) {
      this.url = url;
      String base = url.toString();
      this.syncUri = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/sync";
    }

    boolean available(long now) {
      return !open || now - openUntil >= 0; // after the cooldown: half-open, one trial
    }

    void succeeded() {
      consecutiveFailures = 0;
      open = false;
    }

    void failed(long now, EdgeConfig.Aggregator settings) {
      consecutiveFailures++;
      if (consecutiveFailures >= settings.breakerFailures()) {
        open = true;
        openUntil = now + settings.breakerCooldown().toNanos();
      }
    }
  }
}

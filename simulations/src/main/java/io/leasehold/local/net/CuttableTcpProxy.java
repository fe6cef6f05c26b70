package io.leasehold.local.net;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A loopback TCP proxy that stands for the network between two tiers: it forwards each connection
 * to the first of its upstreams that accepts it (so it also fails over like a load balancer when
 * one upstream process is dead), and it can be <em>cut</em>: open connections are dropped and new
 * ones are accepted but never answered (a black hole, as a real partition looks to a client: a
 * timeout, not a quick refusal) until it is healed.
 */
public final class CuttableTcpProxy implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 500;

  private final String name;
  private final Vertx vertx;
  private final List<Integer> upstreamPorts;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final Set<NetSocket> blackholed = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private NetServer server;

  private CuttableTcpProxy(String name, Vertx vertx, List<Integer> upstreamPorts) {
    this.name = name;
    this.vertx = vertx;
    this.upstreamPorts = List.copyOf(upstreamPorts);
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
        .setTcpNoDelay(true));
  }

  /** Starts a proxy on {@code 127.0.0.1:port} (0 = any free port) to the upstream ports, tried in order. */
  public static CuttableTcpProxy start(String name, Vertx vertx, int port, List<Integer> upstreamPorts)
      throws Exception {
    if (upstreamPorts.isEmpty()) {
      throw new IllegalArgumentException("upstreamPorts: []: a proxy needs at least one upstream");
    }
    CuttableTcpProxy proxy = new CuttableTcpProxy(name, vertx, upstreamPorts);
    proxy.server = vertx.createNetServer().connectHandler(proxy::accept).listen(port, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    return proxy;
  }

  private void accept(NetSocket downstream) {
    downstream.pause();
    if (cut) {
      blackholed.add(downstream);
      downstream.closeHandler(v -> blackholed.remove(downstream));
      return;
    }
    connect(0).onComplete(ar -> {
      if (ar.failed() || cut) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        downstream.close();
        return;
      }
      NetSocket upstream = ar.result();
      open.add(downstream);
      open.add(upstream);
      downstream.closeHandler(v -> {
        open.remove(downstream);
        upstream.close();
      });
      upstream.closeHandler(v -> {
        open.remove(upstream);
        downstream.close();
      });
      downstream.pipeTo(upstream);
      upstream.pipeTo(downstream);
    });
  }

  private Future<NetSocket> connect(int index) {
    return client.connect(upstreamPorts.get(index), "127.0.0.1").recover(failure -> index + 1 < upstreamPorts.size()
        ? connect(index + 1) : Future.failedFuture(failure));
  }

  /** Drops every open connection and black-holes new ones until {@link #heal()}. */
  public void cut() {
    cut = true;
    open.forEach(NetSocket::close);
  }

  /** Forwards new connections again; the black-holed ones are closed (their clients gave up long ago). */
  public void heal() {
    cut = false;
    blackholed.forEach(NetSocket::close);
  }

  public boolean isCut() {
    return cut;
  }

  public int port() {
    return server.actualPort();
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    cut();
    blackholed.forEach(NetSocket::close);
    try {
      server.close().await(5, TimeUnit.SECONDS);
      client.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return name + " :" + port() + " -> " + upstreamPorts + (cut ? " (cut)" : "");
  }
}

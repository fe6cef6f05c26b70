package io.leasehold.local.process;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Readiness and inspection probes of the local cluster's servers: HTTP GETs, and the two Redis
 * commands the supervisor needs ({@code PING}, {@code INFO}) over a minimal RESP exchange — the
 * product's Redis path is the aggregator's Vert.x client, not this.
 */
public final class Probes {
  private static final Duration TIMEOUT = Duration.ofMillis(1_000);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT).build();

  private Probes() {}

  /** The body of a GET answered with {@code 2xx}; empty on any other status or failure. */
  public static Optional<String> get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2 ? Optional.of(r.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The body of a GET whatever its status (a 503 {@code /readyz} still says why); empty on failure. */
  public static Optional<String> getAnyStatus(String url) {
    try {
      return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  public static boolean httpOk(String url) {
    return get(url).isPresent();
  }

  public static boolean redisPong(int port) {
    try {
      return "PONG".equals(redis(port, "PING"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code INFO commandstats} as command name → calls, e.g. {@code fcall → 120}. Redis counts the
   * calls a function makes inside it too ({@code time}, {@code hmget}, …).
   */
  public static Map<String, Long> redisCommandCalls(int port) throws IOException {
    Map<String, Long> calls = new TreeMap<>();
    for (String line : redis(port, "INFO", "commandstats").split("\r?\n")) {
      // cmdstat_fcall:calls=3,usec=12,usec_per_call=4.00,rejected_calls=0,failed_calls=0
      if (!line.startsWith("cmdstat_")) {
        continue;
      }
      String name = line.substring("cmdstat_".length(), line.indexOf(':'));
      for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
        if (field.startsWith("calls=")) {
          calls.put(name, Long.parseLong(field.substring("calls=".length())));
        }
      }
    }
    return calls;
  }

  /** Sends one command to a loopback Redis and returns a simple or bulk string reply. */
  static String redis(int port, String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (String arg : args) {
        byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
        request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(bytes);
        request.writeBytes(new byte[] {'\r', '\n'});
      }
      socket.getOutputStream().write(request.toByteArray());
      InputStream in = new BufferedInputStream(socket.getInputStream());
      int type = in.read();
      String line = line(in);
      return switch (type) {
        case '+' -> line;
        case '-' -> throw new IOException("redis error: " + line);
        case '$' -> {
          int length = Integer.parseInt(line);
          String body = length < 0 ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
          yield body;
        }
        default -> throw new IOException("unexpected redis reply type '" + (char) type + "'");
      };
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        return sb.toString();
      }
      sb.append((char) c);
    }
    throw new IOException("redis closed the connection mid-reply");
  }
}

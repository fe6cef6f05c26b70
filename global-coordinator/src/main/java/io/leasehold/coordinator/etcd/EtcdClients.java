package io.leasehold.coordinator.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds jetcd clients from an {@link EtcdConfig}.
 *
 * <p>The client runs on grpc-netty's own threads: it is deliberately never given the application's
 * Vert.x instance, because {@code Client.close()} would close that instance too (stack.md §5.2).
 */
public final class EtcdClients {
  private EtcdClients() {}

  /** A new client; the caller owns it and closes it after every store and election using it. */
  public static Client create(EtcdConfig config) {
    ClientBuilder b = Client.builder()
        .endpoints(config.endpoints().toArray(String[]::new))
        .connectTimeout(config.connectTimeout())
        .keepaliveTime(config.keepaliveTime())
        .keepaliveTimeout(config.keepaliveTimeout())
        // etcd answers pings on idle connections with GOAWAY(too_many_pings); the store's watch keeps one call open anyway.
        .keepaliveWithoutCalls(false)
        .retryMaxDuration(config.requestTimeout());
    if (config.tls() != null) {
      b.sslContext(sslContext(config.tls()));
      if (config.tls().authority() != null) {
        b.authority(config.tls().authority());
      }
    }
    if (config.auth() != null) {
      b.user(ByteSequence.from(config.auth().user(), StandardCharsets.UTF_8))
          .password(ByteSequence.from(config.auth().password(), StandardCharsets.UTF_8));
    }
    return b.build();
  }

  static SslContext sslContext(EtcdTls tls) {
    readable("etcd.tls.ca_file", tls.caFile());
    if (tls.certFile() != null) {
      readable("etcd.tls.cert_file", tls.certFile());
      readable("etcd.tls.key_file", tls.keyFile());
    }
    try {
      SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(tls.caFile().toFile());
      if (tls.certFile() != null) {
        ssl.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
      }
      return ssl.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("etcd.tls: ca_file = " + tls.caFile() + ", cert_file = " + tls.certFile()
          + ", key_file = " + tls.keyFile() + ": not usable as PEM CA bundle / certificate / PKCS#8 key ("
          + e.getMessage() + ")", e);
    }
  }

  private static void readable(String path, Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(path + ": " + file + ": no such readable file");
    }
  }
}

package io.leasehold.coordinator.etcd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for the etcd client connection.
 *
 * @param caFile    PEM bundle of the CA(s) that signed the etcd server certificates ({@code etcd --trusted-ca-file})
 * @param certFile  PEM client certificate for mutual TLS ({@code etcd --client-cert-auth}); {@code null} for server-only TLS
 * @param keyFile   PEM PKCS#8 private key of {@code certFile}; set exactly when {@code certFile} is
 * @param authority host name to verify in the server certificate when it differs from the endpoint host; may be {@code null}
 */
public record EtcdTls(Path caFile, Path certFile, Path keyFile, String authority) {
  public EtcdTls {
    Objects.requireNonNull(caFile, "etcd.tls.ca_file");
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("etcd.tls: cert_file = " + certFile + ", key_file = " + keyFile
          + ": set both for mutual TLS, or neither");
    }
  }

  /** Server-authenticated TLS only. */
  public static EtcdTls trusting(Path caFile) {
    return new EtcdTls(caFile, null, null, null);
  }
}

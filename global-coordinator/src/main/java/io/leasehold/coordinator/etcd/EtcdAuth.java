package io.leasehold.coordinator.etcd;

import java.util.Objects;

/** etcd user/password authentication ({@code etcdctl auth enable}). The password never appears in {@link #toString()}. */
public record EtcdAuth(String user, String password) {
  public EtcdAuth {
    Objects.requireNonNull(user, "etcd.auth.user");
    Objects.requireNonNull(password, "etcd.auth.password");
    if (user.isBlank()) {
      throw new IllegalArgumentException("etcd.auth.user: \"" + user + "\": must not be blank");
    }
  }

  @Override
  public String toString() {
    return "EtcdAuth[user=" + user + ", password=***]";
  }
}

package io.leasehold.local;

/** A binary the local cluster needs ({@code redis-server}, {@code etcd}) is not installed. */
public final class MissingInfrastructureException extends RuntimeException {
  public MissingInfrastructureException(String message) {
    super(message);
  }
}

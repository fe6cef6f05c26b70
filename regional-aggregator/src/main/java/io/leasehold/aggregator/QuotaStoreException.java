package io.leasehold.aggregator;

/** A {@link QuotaStore} call failed; its outcome is unknown (see {@link QuotaStore}). */
public class QuotaStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QuotaStoreException(String message) {
    super(message);
  }

  public QuotaStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

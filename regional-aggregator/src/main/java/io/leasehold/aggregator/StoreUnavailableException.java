package io.leasehold.aggregator;

/**
 * The store could not be reached in time, or its circuit breaker is open and the call was not
 * attempted. The shell answers from its bounded emergency share and reports {@code degraded}.
 */
public class StoreUnavailableException extends QuotaStoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

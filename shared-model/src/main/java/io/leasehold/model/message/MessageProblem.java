package io.leasehold.model.message;

import java.util.Objects;

/**
 * One reason a message was rejected: where, what was found there, and why it is wrong.
 *
 * @param path field path, e.g. {@code reports[3].quota.key}; {@code $} for the document itself
 * @param value the offending value as JSON text (shortened), or {@code (missing)}
 * @param reason what is wrong, in words a person sending the message can act on
 */
public record MessageProblem(String path, String value, String reason) {

  /** Value shown for a required field that is absent. */
  public static final String MISSING = "(missing)";

  /** Path of the document as a whole. */
  public static final String ROOT = "$";

  public MessageProblem {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(reason, "reason");
  }

  /** {@code path: value: reason}. */
  @Override
  public String toString() {
    return path + ": " + value + ": " + reason;
  }
}

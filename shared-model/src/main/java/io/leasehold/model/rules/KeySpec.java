package io.leasehold.model.rules;

import java.util.List;

/**
 * What a rule's quotas are keyed by: one {@link KeyPart}, or several joined into a composite key
 * (e.g. tenant header and client address).
 */
public record KeySpec(List<KeyPart> parts) {

  /** Most parts a composite key may have. */
  public static final int MAX_PARTS = 4;

  public static final KeySpec CONSTANT = new KeySpec(List.of(KeyPart.CONSTANT));
  public static final KeySpec IP = new KeySpec(List.of(KeyPart.IP));

  public KeySpec {
    parts = List.copyOf(parts);
    if (parts.isEmpty() || parts.size() > MAX_PARTS) {
      throw new IllegalArgumentException("a key has 1 to " + MAX_PARTS + " parts, not " + parts.size());
    }
    if (parts.size() > 1 && parts.contains(KeyPart.CONSTANT)) {
      throw new IllegalArgumentException("constant cannot be combined with other key parts");
    }
  }

  public static KeySpec of(KeyPart... parts) {
    return new KeySpec(List.of(parts));
  }

  public static KeySpec header(String name) {
    return of(KeyPart.header(name));
  }

  public boolean isComposite() {
    return parts.size() > 1;
  }

  /** True when all requests share one quota (aggregate limit). */
  public boolean isConstant() {
    return parts.get(0).source() == KeyPart.Source.CONSTANT;
  }

  @Override
  public String toString() {
    return parts.size() == 1 ? parts.get(0).toString() : parts.toString();
  }
}

package io.leasehold.model.rules;

import java.util.Locale;

/**
 * One source of a quota key: a request header, the client address, or a constant (one quota for
 * all callers). Written in configuration as {@code header:NAME}, {@code ip} or {@code constant}.
 */
public record KeyPart(Source source, String headerName) {

  public enum Source { HEADER, IP, CONSTANT }

  public static final KeyPart IP = new KeyPart(Source.IP, null);
  public static final KeyPart CONSTANT = new KeyPart(Source.CONSTANT, null);

  public KeyPart {
    if (source == null) {
      throw new IllegalArgumentException("source is null");
    }
    if ((source == Source.HEADER) != (headerName != null)) {
      throw new IllegalArgumentException("a header name is required for, and only for, a header key");
    }
    if (headerName != null) {
      headerName = headerName.toLowerCase(Locale.ROOT);
    }
  }

  public static KeyPart header(String name) {
    return new KeyPart(Source.HEADER, name);
  }

  /** The configuration form: {@code header:x-api-key}, {@code ip} or {@code constant}. */
  @Override
  public String toString() {
    switch (source) {
      case HEADER:
        return "header:" + headerName;
      case IP:
        return "ip";
      default:
        return "constant";
    }
  }
}

package io.leasehold.model.rules;

import io.leasehold.model.rules.match.MapRequestView;
import java.util.Map;

/**
 * The parts of a request rules look at, read in place: a shell wraps its request object without
 * copying headers.
 */
public interface RequestView {

  /** The method, e.g. {@code GET} (methods are case-sensitive). */
  String method();

  /**
   * The request path, normalized by the shell (percent-decoded unreserved characters, dot segments
   * removed; Vert.x: {@code RoutingContext.normalizedPath()}), so that {@code /api/%73earch} cannot
   * slip past a rule for {@code /api/search}. A query string after '?' is ignored.
   */
  String path();

  /** The first value of the header, by lower-case name; null when absent. */
  String header(String lowerCaseName);

  /** The client address the shell trusts (e.g. after its own X-Forwarded-For policy); may be null. */
  String clientAddress();

  /** A view over plain values (header names are matched case-insensitively): for tests and tools. */
  static RequestView of(String method, String path, Map<String, String> headers, String clientAddress) {
    return new MapRequestView(method, path, headers, clientAddress);
  }
}

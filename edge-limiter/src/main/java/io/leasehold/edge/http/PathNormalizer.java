package io.leasehold.edge.http;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Normalises a path the way {@code RoutingContext.normalizedPath()} does for proxied requests
 * (RFC 3986: percent-encoded unreserved characters decoded, dot segments removed), so that a
 * {@code /v1/check} caller cannot slip {@code /api/%73earch} past a rule for {@code /api/search}.
 */
final class PathNormalizer {
  private PathNormalizer() {}

  /** The normalised path, or null when {@code path} is not a valid absolute path. */
  static String normalize(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    int query = path.indexOf('?');
    String raw = query < 0 ? path : path.substring(0, query);
    StringBuilder decoded = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        char d = (char) (hi * 16 + lo);
        if (Character.isLetterOrDigit(d) && d < 0x80 || d == '-' || d == '.' || d == '_' || d == '~') {
          decoded.append(d);
        } else {
          decoded.append('%').append(Character.toUpperCase(raw.charAt(i + 1))).append(Character.toUpperCase(raw.charAt(i + 2)));
        }
        i += 2;
      } else {
        decoded.append(c);
      }
    }
    try {
      String normalized = new URI(null, null, decoded.toString(), null).normalize().getRawPath();
      return normalized.startsWith("/") ? normalized.replace("%25", "%") : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}

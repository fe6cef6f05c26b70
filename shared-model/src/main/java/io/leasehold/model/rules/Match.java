package io.leasehold.model.rules;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which requests a rule applies to: a path glob, optionally restricted to some methods and to
 * requests carrying some headers.
 *
 * <p>{@code path} is a glob over '/'-separated segments: a literal segment matches itself
 * (case-sensitive), {@code *} matches exactly one segment and {@code **} any number of segments,
 * including none. Empty segments and a trailing '/' are not significant (neither in the glob nor
 * in the request path). {@code methods} are upper-case; empty means any. {@code headers} maps
 * lower-case header names to the exact value required, or to {@link #PRESENT} ({@code "*"}) when
 * any value will do.
 */
public record Match(String path, List<String> methods, Map<String, String> headers) {

  /** Header value meaning "the header is present, with any value". */
  public static final String PRESENT = "*";

  /** Matches every request. */
  public static final Match ANY = new Match("/**", List.of(), Map.of());

  public Match {
    if (path == null || methods == null || headers == null) {
      throw new IllegalArgumentException("path, methods and headers are required");
    }
    methods = List.copyOf(new TreeSet<>(methods));
    TreeMap<String, String> lowerCased = new TreeMap<>();
    headers.forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));
    headers = Collections.unmodifiableMap(lowerCased);
  }

  public static Match path(String glob) {
    return new Match(glob, List.of(), Map.of());
  }

  public Match withMethods(String... methods) {
    return new Match(path, List.of(methods), headers);
  }

  public Match withHeader(String name, String value) {
    TreeMap<String, String> more = new TreeMap<>(headers);
    more.put(name.toLowerCase(Locale.ROOT), value);
    return new Match(path, methods, more);
  }
}

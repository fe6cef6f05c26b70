package io.leasehold.model.rules.match;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled path glob. Literal segments match themselves (case-sensitive), {@code *} exactly one
 * segment, {@code **} zero or more. Matching walks the request path in place (no split, no regex,
 * no allocation); empty segments, a trailing '/' and a query string are ignored.
 */
public final class PathPattern {

  public static final int MAX_GLOB_CHARS = 1024;

  private static final byte LITERAL = 0;
  private static final byte ONE = 1;
  private static final byte ANY = 2;

  private final String glob;
  private final String[] literals;
  private final byte[] kinds;
  private final int literalSegments;
  private final int singleWildcards;
  private final int multiWildcards;

  private PathPattern(String glob, List<String> segments) {
    this.glob = glob;
    int n = segments.size();
    this.literals = new String[n];
    this.kinds = new byte[n];
    int literal = 0;
    int one = 0;
    int any = 0;
    for (int i = 0; i < n; i++) {
      String segment = segments.get(i);
      if (segment.equals("**")) {
        kinds[i] = ANY;
        any++;
      } else if (segment.equals("*")) {
        kinds[i] = ONE;
        one++;
      } else {
        kinds[i] = LITERAL;
        literals[i] = segment;
        literal++;
      }
    }
    this.literalSegments = literal;
    this.singleWildcards = one;
    this.multiWildcards = any;
  }

  /** Why {@code glob} is not a valid path glob, or null when it is. */
  public static String problem(String glob) {
    if (glob.isEmpty() || glob.charAt(0) != '/') {
      return "is not a path glob (expected an absolute path such as /api/**)";
    }
    if (glob.length() > MAX_GLOB_CHARS) {
      return "is longer than " + MAX_GLOB_CHARS + " characters";
    }
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '?' || c == '#') {
        return "contains " + describe(c) + ", which a path glob does not allow";
      }
    }
    for (String segment : segments(glob)) {
      if (segment.indexOf('*') >= 0 && !segment.equals("*") && !segment.equals("**")) {
        return "has the segment \"" + segment + "\": '*' and '**' must be whole segments";
      }
    }
    return null;
  }

  /** The canonical form: no empty segments, no trailing '/', no repeated {@code **}. */
  public static String normalize(String glob) {
    List<String> segments = segments(glob);
    return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
  }

  /** Compiles a glob that {@link #problem} accepts. */
  public static PathPattern compile(String glob) {
    String problem = problem(glob);
    if (problem != null) {
      throw new IllegalArgumentException("path glob " + glob + " " + problem);
    }
    return new PathPattern(normalize(glob), segments(glob));
  }

  private static List<String> segments(String glob) {
    List<String> segments = new ArrayList<>();
    for (String segment : glob.split("/")) {
      boolean repeatedAny = segment.equals("**") && !segments.isEmpty() && segments.get(segments.size() - 1).equals("**");
      if (!segment.isEmpty() && !repeatedAny) {
        segments.add(segment);
      }
    }
    return segments;
  }

  private static String describe(char c) {
    return c == ' ' ? "a space" : c < ' ' || c == 0x7f ? "a control character" : "'" + c + "'";
  }

  /**
   * Whether {@code path} matches. Classic two-pointer wildcard matching over segments: on a
   * mismatch, the most recent {@code **} absorbs one more segment; linear in practice.
   */
  public boolean matches(String path) {
    int end = path.indexOf('?');
    if (end < 0) {
      end = path.length();
    }
    int n = kinds.length;
    int pi = 0;
    int pos = skipSlashes(path, 0, end);
    int anyPi = -1;
    int anyPos = -1;
    while (pos < end) {
      int segmentEnd = segmentEnd(path, pos, end);
      if (pi < n && kinds[pi] == ANY) {
        anyPi = pi;
        anyPos = pos;
        pi++;
      } else if (pi < n && (kinds[pi] == ONE || literalEquals(literals[pi], path, pos, segmentEnd))) {
        pi++;
        pos = skipSlashes(path, segmentEnd, end);
      } else if (anyPi >= 0) {
        anyPos = skipSlashes(path, segmentEnd(path, anyPos, end), end);
        pos = anyPos;
        pi = anyPi + 1;
      } else {
        return false;
      }
    }
    while (pi < n && kinds[pi] == ANY) {
      pi++;
    }
    return pi == n;
  }

  private static boolean literalEquals(String literal, String path, int from, int to) {
    return literal.length() == to - from && path.regionMatches(from, literal, 0, to - from);
  }

  private static int skipSlashes(String path, int pos, int end) {
    while (pos < end && path.charAt(pos) == '/') {
      pos++;
    }
    return pos;
  }

  private static int segmentEnd(String path, int pos, int end) {
    int slash = path.indexOf('/', pos);
    return slash < 0 || slash > end ? end : slash;
  }

  public String glob() {
    return glob;
  }

  public int literalSegments() {
    return literalSegments;
  }

  public int singleWildcards() {
    return singleWildcards;
  }

  public int multiWildcards() {
    return multiWildcards;
  }

  @Override
  public String toString() {
    return glob;
  }
}

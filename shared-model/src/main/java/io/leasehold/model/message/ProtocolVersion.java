package io.leasehold.model.message;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version of the inter-tier wire protocol, {@code major.minor}, written as {@code "1.0"}.
 *
 * <p>Compatibility policy (enforced by the decoder):
 *
 * <ul>
 *   <li>a different <b>major</b> version is rejected: majors change meaning, not just shape;
 *   <li>a newer <b>minor</b> of the same major may only add optional fields, so a receiver on an
 *       older minor ignores the fields it does not know (and still validates those it does);
 *   <li>on the same or an older minor every field is known, so unknown fields are rejected.
 * </ul>
 *
 * This lets tiers be upgraded in any order within a major version.
 */
public record ProtocolVersion(int major, int minor) implements Comparable<ProtocolVersion> {

  /** The version this build writes and fully understands. */
  public static final ProtocolVersion CURRENT = new ProtocolVersion(1, 1);

  private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,3})\\.(0|[1-9][0-9]{0,3})");

  public ProtocolVersion {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("version: " + major + "." + minor + ": parts must be >= 0");
    }
  }

  /**
   * Parses {@code major.minor} (each part 0–9999, no leading zeros).
   *
   * @return the version, or {@code null} when {@code text} is not of that form
   */
  public static ProtocolVersion parseOrNull(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      return null;
    }
    return new ProtocolVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Whether a receiver on {@link #CURRENT} can read a message of this version. */
  public boolean isReadable() {
    return major == CURRENT.major;
  }

  /** Whether this version may carry fields that {@link #CURRENT} does not know. */
  public boolean isNewerMinor() {
    return major == CURRENT.major && minor > CURRENT.minor;
  }

  @Override
  public int compareTo(ProtocolVersion other) {
    int byMajor = Integer.compare(major, other.major);
    return byMajor != 0 ? byMajor : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}

package io.leasehold.model.rules.match;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * How key values become quota keys. Every value is kept distinct, nothing is dropped:
 *
 * <ul>
 *   <li>a missing or empty header (or client address) is {@value #ABSENT}, so anonymous callers share
 *       one quota rather than bypass the limit; a real value "-" is escaped to {@code %2D};
 *   <li>'%', '|' and '#' in values are percent-escaped, so the composite separator {@value
 *       #SEPARATOR} and the hash marker {@value #HASHED} never occur inside a part;
 *   <li>a key longer than {@value #MAX_KEY_CHARS} characters becomes {@value #HASHED} + base64url of
 *       the first 18 bytes (144 bits) of its SHA-256: stable across processes, 25 characters, and
 *       never equal to an unhashed key (which cannot start with '#').
 * </ul>
 *
 * A constant key is {@value #CONSTANT}.
 */
public final class QuotaKeys {

  public static final int MAX_KEY_CHARS = 128;
  public static final String ABSENT = "-";
  public static final String CONSTANT = "*";
  public static final char SEPARATOR = '|';
  public static final char HASHED = '#';

  private static final int HASH_BYTES = 18;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(QuotaKeys::sha256);

  private QuotaKeys() {}

  /** One part of a key: {@link #ABSENT} for null or empty, escaped otherwise (same instance when nothing to escape). */
  public static String part(String value) {
    if (value == null || value.isEmpty()) {
      return ABSENT;
    }
    if (value.length() == 1 && value.charAt(0) == '-') {
      return "%2D";
    }
    int i = 0;
    int n = value.length();
    while (i < n && !needsEscape(value.charAt(i))) {
      i++;
    }
    if (i == n) {
      return value;
    }
    StringBuilder escaped = new StringBuilder(n + 8).append(value, 0, i);
    for (; i < n; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '%':
          escaped.append("%25");
          break;
        case '|':
          escaped.append("%7C");
          break;
        case '#':
          escaped.append("%23");
          break;
        default:
          escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** The key itself when short enough, else its stable hash. */
  public static String bounded(String key) {
    return key.length() <= MAX_KEY_CHARS ? key : hashed(key);
  }

  /** {@value #HASHED} + base64url(SHA-256(UTF-8 key)[0..18]). */
  public static String hashed(String key) {
    MessageDigest digest = SHA256.get();
    byte[] sum = digest.digest(key.getBytes(StandardCharsets.UTF_8));
    return HASHED + BASE64URL.encodeToString(Arrays.copyOf(sum, HASH_BYTES));
  }

  private static boolean needsEscape(char c) {
    return c == '%' || c == '|' || c == '#';
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}

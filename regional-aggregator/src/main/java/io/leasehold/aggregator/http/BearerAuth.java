package io.leasehold.aggregator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <token>} against the shared inter-tier token. The comparison
 * is constant-time in the presented value ({@link MessageDigest#isEqual} on SHA-256 digests, so
 * even the token's length does not leak through timing).
 */
final class BearerAuth {
  private static final String PREFIX = "Bearer ";
  private final byte[] expectedDigest;

  private BearerAuth(byte[] expectedDigest) {
    this.expectedDigest = expectedDigest;
  }

  /** {@code token} absent: every request passes (only with {@code allow_unauthenticated}). */
  static BearerAuth of(Optional<String> token) {
    return new BearerAuth(token.map(BearerAuth::digest).orElse(null));
  }

  boolean enabled() {
    return expectedDigest != null;
  }

  boolean accepts(String authorizationHeader) {
    if (expectedDigest == null) {
      return true;
    }
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    return MessageDigest.isEqual(expectedDigest, digest(authorizationHeader.substring(PREFIX.length()).trim()));
  }

  static String header(String token) {
    return PREFIX + token;
  }

  private static byte[] digest(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}

package io.leasehold.coordinator.http;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time: both sides are hashed first, so
 * neither the content nor the length of the expected token leaks through timing.
 */
final class BearerAuth {
  private static final String PREFIX = "Bearer ";
  private final byte[] expectedDigest;
  private final String realm;

  BearerAuth(String token, String realm) {
    this.expectedDigest = sha256(token);
    this.realm = realm;
  }

  /** True when authorised; otherwise answers 401 and returns false. */
  boolean check(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    boolean ok = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && MessageDigest.isEqual(sha256(header.substring(PREFIX.length()).trim()), expectedDigest);
    if (!ok) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
      Problems.send(ctx, 401, "Unauthorized",
          header == null ? "missing bearer token" : "wrong bearer token; nothing was changed");
    }
    return ok;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}

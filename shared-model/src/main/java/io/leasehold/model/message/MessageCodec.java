package io.leasehold.model.message;

import io.leasehold.model.message.json.JsonMessageCodec;

/**
 * Turns {@link Message}s into bytes and back. Thread-safe; create once and share.
 *
 * <p>Decoding never throws: malformed input, wrong types, missing or unknown fields, values out of
 * {@link MessageLimits} and unsupported {@link ProtocolVersion}s all come back as
 * {@link Decoded.Invalid} listing every problem found.
 */
public interface MessageCodec {

  /** The JSON codec (UTF-8, snake_case field names). */
  static MessageCodec json() {
    return JsonMessageCodec.instance();
  }

  /** Media type of the encoded form, for {@code Content-Type}. */
  String mediaType();

  byte[] encode(Message message);

  String encodeToString(Message message);

  <T extends Message> Decoded<T> decode(byte[] encoded, Class<T> type);

  <T extends Message> Decoded<T> decode(String encoded, Class<T> type);
}

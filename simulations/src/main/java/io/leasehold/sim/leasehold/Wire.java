package io.leasehold.sim.leasehold;

import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.Message;
import io.leasehold.model.message.MessageCodec;

/**
 * What the tiers send each other goes through here: it counts control messages and, in the debug
 * mode, round-trips every message through the production JSON codec, so that a message the codec
 * cannot carry fails the run instead of passing in memory unnoticed.
 */
final class Wire {
  private final boolean viaJson;
  private final MessageCodec codec = MessageCodec.json();
  private long controlMessages;

  Wire(boolean viaJson) {
    this.viaJson = viaJson;
  }

  /** One message on its way: counted, and re-read from its JSON form in the debug mode. */
  <T extends Message> T carry(T message, Class<T> type) {
    controlMessages++;
    if (!viaJson) {
      return message;
    }
    Decoded<T> decoded = codec.decode(codec.encode(message), type);
    if (decoded instanceof Decoded.Invalid<T> invalid) {
      throw new IllegalStateException(type.getSimpleName() + " does not survive the JSON codec: "
          + invalid.describe());
    }
    return decoded.orElseThrow();
  }

  /** A message that is not a protocol message (a refusal): counted only. */
  <T> T carryPlain(T message) {
    controlMessages++;
    return message;
  }

  long controlMessages() {
    return controlMessages;
  }
}

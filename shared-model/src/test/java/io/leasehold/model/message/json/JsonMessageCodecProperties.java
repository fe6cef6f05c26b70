package io.leasehold.model.message.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.leasehold.model.message.Decoded;
import io.leasehold.model.message.EdgeSyncRequest;
import io.leasehold.model.message.EdgeSyncResponse;
import io.leasehold.model.message.Message;
import io.leasehold.model.message.MessageArbitraries;
import io.leasehold.model.message.MessageCodec;
import io.leasehold.model.message.RegionSyncRequest;
import io.leasehold.model.message.RegionSyncResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class JsonMessageCodecProperties {

  private static final List<Class<? extends Message>> TYPES = List.of(
      EdgeSyncRequest.class, EdgeSyncResponse.class, RegionSyncRequest.class, RegionSyncResponse.class);

  private final MessageCodec codec = MessageCodec.json();

  @Property
  void everyValidMessageRoundTripsThroughBytes(@ForAll("messages") Message message) {
    Decoded<? extends Message> decoded = codec.decode(codec.encode(message), message.getClass());

    assertThat(decoded.problems()).isEmpty();
    assertThat(decoded.orElseThrow()).isEqualTo(message);
  }

  @Property
  void everyValidMessageRoundTripsThroughText(@ForAll("messages") Message message) {
    String text = codec.encodeToString(message);

    assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(codec.encode(message));
    assertThat(codec.decode(text, message.getClass()).orElseThrow()).isEqualTo(message);
  }

  @Property
  void decodingArbitraryTextNeverFailsInternally(@ForAll String text, @ForAll("types") Class<? extends Message> type) {
    assertDecodedCleanly(codec.decode(text, type));
  }

  @Property
  void decodingArbitraryBytesNeverFailsInternally(@ForAll byte[] bytes, @ForAll("types") Class<? extends Message> type) {
    assertDecodedCleanly(codec.decode(bytes, type));
  }

  /** Damage to a real message (a cut, a dropped or a changed character) is reported, not thrown. */
  @Property
  void decodingDamagedMessagesNeverFailsInternally(
      @ForAll("messages") Message message,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll char replacement,
      @ForAll("damage") String damage) {
    String text = codec.encodeToString(message);
    int at = position % (text.length() + 1);
    String damaged = switch (damage) {
      case "cut" -> text.substring(0, at);
      case "drop" -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text;
      default -> text.substring(0, at) + replacement + text.substring(Math.min(text.length(), at + 1));
    };

    assertDecodedCleanly(codec.decode(damaged, message.getClass()));
  }

  private static void assertDecodedCleanly(Decoded<?> decoded) {
    assertThat(decoded).isNotNull();
    if (!decoded.isValid()) {
      assertThat(decoded.problems()).isNotEmpty()
          .noneMatch(p -> p.value().equals("(internal error)"))
          .allSatisfy(p -> assertThat(p.path()).isNotBlank());
      assertThat(decoded.problems()).hasSizeLessThanOrEqualTo(DecodeContext.MAX_LISTED_PROBLEMS + 1);
    }
  }

  @Provide
  Arbitrary<Message> messages() {
    return MessageArbitraries.messages();
  }

  @Provide
  Arbitrary<Class<? extends Message>> types() {
    return Arbitraries.of(TYPES);
  }

  @Provide
  Arbitrary<String> damage() {
    return Arbitraries.of("cut", "drop", "replace");
  }
}

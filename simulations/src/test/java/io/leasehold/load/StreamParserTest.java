package io.leasehold.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamParserTest {
  @Test
  void parsesAFullStream() {
    LoadStream s = StreamParser.parse("region=eu-west rate=250.5 targets=http://127.0.0.1:1,http://127.0.0.1:2 "
        + "path=/api/items method=post key-header=X-Api-Key keys=zipf:1000:1.1 from=2.5");

    assertThat(s).isEqualTo(new LoadStream("eu-west", List.of("http://127.0.0.1:1", "http://127.0.0.1:2"), 250.5,
        "POST", "/api/items", Optional.of("X-Api-Key"), new KeyDistribution(KeyDistribution.Kind.ZIPF, 1000, 1.1),
        Duration.ofMillis(2500)));
  }

  @Test
  void defaultsToOneConstantKeyGetOfTheRoot() {
    LoadStream s = StreamParser.parse("region=r rate=10 targets=http://localhost:9");
    assertThat(s.method()).isEqualTo("GET");
    assertThat(s.path()).isEqualTo("/");
    assertThat(s.keys()).isEqualTo(KeyDistribution.CONSTANT);
    assertThat(s.from()).isZero();
  }

  @Test
  void rejectsWhatCannotBeSentWithAPreciseReason() {
    assertThatThrownBy(() -> StreamParser.parse("region=r rate=10 targets=http://example.com:80"))
        .hasMessageContaining("\"http://example.com:80\": the load generator only sends to loopback");
    assertThatThrownBy(() -> StreamParser.parse("region=r rate=fast targets=http://127.0.0.1:1"))
        .hasMessageContaining("rate \"fast\" is not a number");
    assertThatThrownBy(() -> StreamParser.parse("region=r targets=http://127.0.0.1:1"))
        .hasMessageContaining("rate is required");
    assertThatThrownBy(() -> StreamParser.parse("region=r rate=1 targets=http://127.0.0.1:1 colour=red"))
        .hasMessageContaining("unknown field \"colour\"");
    assertThatThrownBy(() -> StreamParser.parse("region=r rate=1 targets=http://127.0.0.1:1 keys=uniform:5"))
        .hasMessageContaining("keys uniform:5 needs key-header=NAME");
    assertThatThrownBy(() -> StreamParser.parse("region=r rate=1 targets=http://127.0.0.1:1 keys=zipf:x:1 key-header=K"))
        .hasMessageContaining("keys: \"zipf:x:1\"");
    assertThatThrownBy(() -> StreamParser.parse("region=r rate=0 targets=http://127.0.0.1:1"))
        .hasMessageContaining("streams[r].rate: 0.0: must be in (0, 1000000]");
  }

  @Test
  void keyDistributionsRoundTripAndSampleInRange() {
    for (String text : List.of("constant", "uniform:7", "zipf:1000:1.1")) {
      KeyDistribution d = KeyDistribution.parse(text);
      assertThat(d.toString()).isEqualTo(text);
      var rng = new java.util.SplittableRandom(1);
      for (int i = 0; i < 1000; i++) {
        assertThat(d.sampler().sample(rng)).isBetween(0L, d.keyCount() - 1);
      }
    }
  }
}

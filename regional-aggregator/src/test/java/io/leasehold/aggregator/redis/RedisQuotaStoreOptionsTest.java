package io.leasehold.aggregator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leasehold.model.time.ManualClock;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisQuotaStoreOptionsTest {

  @Test
  void plainUrlGivesAPlainStandaloneClient() {
    RedisOptions o = RedisQuotaStoreOptions.builder("redis://10.0.0.1:6379").build().toRedisOptions();
    assertThat(o.getType()).isEqualTo(RedisClientType.STANDALONE);
    assertThat(o.getEndpoints()).containsExactly("redis://10.0.0.1:6379");
    assertThat(o.getNetClientOptions().isSsl()).isFalse();
    assertThat(o.getNetClientOptions().getConnectTimeout()).isEqualTo(250);
  }

  @Test
  void redissTurnsOnTlsWithHostnameVerificationAndTheGivenCa(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    RedisQuotaStoreOptions options = RedisQuotaStoreOptions
        .builder("rediss://master.cache.example:6379", "rediss://replica.cache.example:6379")
        .cluster().password("s3cret-token").caPem(ca).build();
    RedisOptions o = options.toRedisOptions();
    assertThat(options.tls()).isTrue();
    assertThat(o.getType()).isEqualTo(RedisClientType.CLUSTER);
    assertThat(o.getNetClientOptions().isSsl()).isTrue();
    assertThat(o.getNetClientOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(((PemTrustOptions) o.getNetClientOptions().getTrustOptions()).getCertPaths())
        .containsExactly(ca.toString());
    assertThat(o.getPassword()).isEqualTo("s3cret-token");
    assertThat(options.toString()).doesNotContain("s3cret-token");
  }

  @Test
  void passwordsInUrlsAreRedactedFromMessages() {
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder("rediss://u:hunter2@a:6379", "redis://b:6379").build())
        .hasMessageContaining("redis.endpoints[1]")
        .hasMessageContaining("mixes redis:// and rediss://")
        .hasMessageNotContaining("hunter2");
    assertThat(RedisQuotaStoreOptions.builder("redis://u:hunter2@a:6379").build().toString())
        .doesNotContain("hunter2");
  }

  @Test
  void badSettingsAreRejectedWithTheFieldNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder("http://a:6379").build())
        .hasMessage("redis.endpoints[0]: 'http://a:6379' has scheme 'http'; expected redis:// or rediss://");
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder().build())
        .hasMessageStartingWith("redis.endpoints: empty");
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder("redis://a:6379").caPem(dir.resolve("ca.pem")).build())
        .hasMessageStartingWith("redis.caPem:").hasMessageContaining("use rediss://");
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder("redis://a:6379").callTimeout(Duration.ZERO).build())
        .hasMessage("redis.callTimeout: PT0S is outside [PT0.001S, PT1M]");
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder("redis://a:6379").maxBatchSize(0).build())
        .hasMessage("redis.maxBatchSize: 0 is outside [1, 100000]");
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder("redis://a:6379").type(RedisClientType.SENTINEL).build())
        .hasMessageStartingWith("redis.type: SENTINEL is not supported");
    assertThatThrownBy(() -> new BreakerSettings(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .hasMessage("breaker.failureThreshold: 0 must be at least 1");
  }

  @Test
  void bucketTimeIsRedisTimeUnlessTheCallerTakesOver() {
    assertThat(RedisQuotaStoreOptions.builder("redis://a:6379").build().timeSource()).isSameAs(TimeSource.REDIS);
    ManualClock clock = new ManualClock(7_500L);
    RedisQuotaStoreOptions caller = RedisQuotaStoreOptions.builder("redis://a:6379")
        .timeSource(TimeSource.caller(clock)).build();
    assertThat(caller.timeSource()).isInstanceOfSatisfying(TimeSource.CallerTime.class,
        t -> assertThat(t.nowMicros()).isEqualTo(7L));
    assertThat(caller.toString()).contains("timeSource=CALLER(");
  }

  @Test
  void badTimeSourcesAreRejectedWithTheFieldNamed() {
    assertThatThrownBy(() -> RedisQuotaStoreOptions.builder("redis://a:6379").timeSource(null).build())
        .hasMessageStartingWith("redis.timeSource: must not be null");
    assertThatThrownBy(() -> TimeSource.caller(null))
        .hasMessageStartingWith("redis.timeSource: CALLER needs a clock");
    assertThatThrownBy(() -> new TimeSource.CallerTime(() -> Long.MAX_VALUE).nowMicros())
        .hasMessage("redis.timeSource: the caller's clock reads " + Long.MAX_VALUE + " ns; CALLER time must lie in [0, "
            + TimeSource.CallerTime.MAX_MICROS + "] µs so that Lua's doubles hold it exactly");
  }
}

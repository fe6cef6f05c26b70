package io.leasehold.aggregator.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RedisErrorClassificationTest {

  @Test
  void batchErrorsAreClassifiedByTheOriginalReply() {
    ErrorType missing = ErrorType.create("ERR [0] ERR Function not found");
    assertThat(RedisQuotaStore.isLibraryMissing(missing)).isTrue();
    assertThat(RedisQuotaStore.replyCode(ErrorType.create("ERR [3] WRONGTYPE Operation against a key"))).isEqualTo("WRONGTYPE");
    assertThat(RedisQuotaStore.replyCode(ErrorType.create("OOM command not allowed"))).isEqualTo("OOM");
  }

  @Test
  void replyErrorsMeanRedisIsUpUnlessTheyAreTransient() {
    assertThat(RedisQuotaStore.isTransient(ErrorType.create("ERR [1] WRONGTYPE Operation"))).isFalse();
    assertThat(RedisQuotaStore.isTransient(ErrorType.create("ERR unknown command"))).isFalse();
    assertThat(RedisQuotaStore.isTransient(ErrorType.create("LOADING Redis is loading the dataset"))).isTrue();
    assertThat(RedisQuotaStore.isTransient(ErrorType.create("ERR [0] READONLY You can't write against a read only replica."))).isTrue();
  }

  @Test
  void failuresThatAreNoReplyAreTransient() {
    assertThat(RedisQuotaStore.isTransient(new TimeoutException("deadline"))).isTrue();
    assertThat(RedisQuotaStore.isTransient(new ConnectException("refused"))).isTrue();
    assertThat(RedisQuotaStore.isTransient(new VertxException("Connection closed", true))).isTrue();
  }
}

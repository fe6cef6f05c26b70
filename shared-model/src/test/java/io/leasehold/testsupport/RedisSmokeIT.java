package io.leasehold.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis fixture gives a real server that the product's client (Vert.x Redis) can script. */
class RedisSmokeIT {
  static RedisServer server;
  static Vertx vertx;
  static Redis redis;

  @BeforeAll
  static void up() {
    server = RedisServer.startOrConnect();
    vertx = Vertx.vertx();
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()));
  }

  @AfterAll
  static void down() throws Exception {
    if (redis != null) {
      redis.close();
    }
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pingAnswersPong() throws Exception {
    Response pong = redis.send(Request.cmd(Command.PING)).await(5, TimeUnit.SECONDS);
    assertThat(pong.toString()).isEqualTo("PONG");
  }

  @Test
  void luaScriptRunsAtomicallyServerSide() throws Exception {
    String script = "local v = redis.call('INCRBY', KEYS[1], ARGV[1]); redis.call('PEXPIRE', KEYS[1], 60000); return v";
    Response first = redis.send(Request.cmd(Command.EVAL).arg(script).arg(1).arg("{smoke}:lua").arg(5))
        .await(5, TimeUnit.SECONDS);
    Response second = redis.send(Request.cmd(Command.EVAL).arg(script).arg(1).arg("{smoke}:lua").arg(7))
        .await(5, TimeUnit.SECONDS);
    assertThat(first.toLong()).isEqualTo(5L);
    assertThat(second.toLong()).isEqualTo(12L);
    assertThat((Long) server.call("PTTL", "{smoke}:lua")).isBetween(1L, 60_000L);
  }

  @Test
  void redisFunctionLoadsAndIsCallableInsideABatch() throws Exception {
    String library = "#!lua name=leasehold_smoke\n"
        + "redis.register_function('smoke_add', function(keys, args) "
        + "return redis.call('INCRBY', keys[1], args[1]) end)";
    redis.send(Request.cmd(Command.FUNCTION).arg("LOAD").arg("REPLACE").arg(library)).await(5, TimeUnit.SECONDS);

    List<Response> replies = redis.batch(List.of(
            Request.cmd(Command.FCALL).arg("smoke_add").arg(1).arg("{smoke}:fn").arg(2),
            Request.cmd(Command.FCALL).arg("smoke_add").arg(1).arg("{smoke}:fn").arg(3)))
        .await(5, TimeUnit.SECONDS);

    assertThat(replies).extracting(Response::toLong).containsExactly(2L, 5L);
    assertThat(server.commandCalls()).containsKey("fcall");
  }

  @Test
  void ownedServerSurvivesStopAndStart() {
    if (!server.owned()) {
      // An external server (LEASEHOLD_TEST_REDIS_URL) is not ours to stop; the other tests cover it.
      assertThat(server.url()).startsWith("redis://");
      return;
    }
    server.stop();
    assertThat(RedisServer.pong(server.host(), server.port())).isFalse();
    server.start();
    assertThat(server.call("PING")).isEqualTo("PONG");
  }
}

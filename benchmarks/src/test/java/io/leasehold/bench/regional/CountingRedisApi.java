package io.leasehold.bench.regional;

import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bucket4j's Redis access over Lettuce, counting the commands it sends (GET, EVAL, DEL), so that
 * "commands per decision" counts what the client sends, not the calls a script makes inside Redis.
 * Generic in the key type like Bucket4j's own adapter: Bucket4j passes keys as an erased {@code K[]}.
 */
final class CountingRedisApi<K> implements RedisApi<K> {
  private final RedisAsyncCommands<K, byte[]> commands;
  final LongAdder sent = new LongAdder();

  CountingRedisApi(RedisAsyncCommands<K, byte[]> commands) {
    this.commands = commands;
  }

  @Override
  public <V> RedisFuture<V> eval(String script, ScriptOutputType type, K[] keys, byte[]... args) {
    sent.increment();
    return commands.eval(script, type, keys, args);
  }

  @Override
  public RedisFuture<byte[]> get(K key) {
    sent.increment();
    return commands.get(key);
  }

  @Override
  public RedisFuture<?> delete(K key) {
    sent.increment();
    return commands.del(key);
  }
}

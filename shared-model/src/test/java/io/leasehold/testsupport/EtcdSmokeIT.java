package io.leasehold.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/** The etcd fixture gives a real server that jetcd can write, read and watch from a revision. */
class EtcdSmokeIT {
  static EtcdServer server;
  static Client client;

  @BeforeAll
  static void up() {
    server = EtcdServer.startOrConnect();
    client = Client.builder().endpoints(server.endpoints().toArray(String[]::new)).build();
  }

  @AfterAll
  static void down() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Test
  void putThenGetReturnsTheValue() throws Exception {
    KV kv = client.getKVClient();
    kv.put(bs("/smoke/a"), bs("1")).get(5, TimeUnit.SECONDS);
    GetResponse got = kv.get(bs("/smoke/a")).get(5, TimeUnit.SECONDS);
    assertThat(got.getKvs()).hasSize(1);
    assertThat(got.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("1");
  }

  @Test
  void watchFromARevisionReplaysEveryLaterChange() throws Exception {
    KV kv = client.getKVClient();
    PutResponse first = kv.put(bs("/smoke/w"), bs("v1")).get(5, TimeUnit.SECONDS);
    long fromRevision = first.getHeader().getRevision() + 1;
    kv.put(bs("/smoke/w"), bs("v2")).get(5, TimeUnit.SECONDS); // written before the watch starts
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch.Watcher watcher = client.getWatchClient().watch(bs("/smoke/w"),
        WatchOption.builder().withRevision(fromRevision).build(),
        response -> response.getEvents().stream()
            .filter(e -> e.getEventType() == WatchEvent.EventType.PUT)
            .forEach(e -> seen.add(e.getKeyValue().getValue().toString(StandardCharsets.UTF_8))))) {
      kv.put(bs("/smoke/w"), bs("v3")).get(5, TimeUnit.SECONDS);
      await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(seen).containsExactly("v2", "v3"));
    }
  }
}

package io.leasehold.coordinator.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.leasehold.coordinator.ConfigProblem;
import io.leasehold.coordinator.ConfigSnapshot;
import io.leasehold.coordinator.ConfigStore;
import io.leasehold.coordinator.ConfigValidator;
import io.leasehold.coordinator.ConfigWriteResult;
import io.leasehold.coordinator.ConfigWriteResult.Applied;
import io.leasehold.coordinator.ConfigWriteResult.NotFound;
import io.leasehold.coordinator.ConfigWriteResult.Rejected;
import io.leasehold.coordinator.ConfigWriteResult.Stale;
import io.leasehold.coordinator.ConfigWriteResult.Unavailable;
import io.leasehold.testsupport.EtcdServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rules store against a real etcd: propagation, validated CAS writes, compaction and outages. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EtcdConfigStoreIT {
  /** Refuses any rule whose JSON contains "bad", and more than {@link #MAX_RULES} rules in total. */
  static final int MAX_RULES = 3;
  static final ConfigValidator VALIDATOR = rules -> {
    List<ConfigProblem> problems = new ArrayList<>();
    new TreeMap<>(rules).forEach((id, json) -> {
      if (json.contains("bad")) {
        problems.add(new ConfigProblem("rules[" + id + "]", json, "contains \"bad\""));
      }
    });
    if (rules.size() > MAX_RULES) {
      problems.add(new ConfigProblem("rules", String.valueOf(rules.size()), "at most " + MAX_RULES + " rules"));
    }
    return problems;
  };

  static EtcdServer server;
  static Client admin;

  final List<AutoCloseable> closeAfter = new ArrayList<>();
  EtcdConfig config;

  @BeforeAll
  static void up() {
    server = EtcdServer.startOrConnect();
    admin = client(server);
  }

  @AfterAll
  static void down() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void isolatedKeys() {
    config = configFor(server, "/it-" + UUID.randomUUID());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  static EtcdConfig configFor(EtcdServer server, String root) {
    return EtcdConfig.builder()
        .endpoints(server.endpoints())
        .rulesPrefix(root + "/rules/")
        .rulesRevisionKey(root + "/rules-rev")
        .requestTimeout(Duration.ofSeconds(2))
        .retryInitialDelay(Duration.ofMillis(50))
        .retryMaxDelay(Duration.ofMillis(500))
        .build();
  }

  static Client client(EtcdServer server) {
    return EtcdClients.create(EtcdConfig.builder().endpoints(server.endpoints()).build());
  }

  EtcdConfigStore store(Client client) throws Exception {
    EtcdConfigStore store = EtcdConfigStore.create(client, config, VALIDATOR, Runnable::run);
    closeAfter.add(store);
    return store;
  }

  Client newClient(EtcdServer s) {
    Client c = client(s);
    closeAfter.add(c);
    return c;
  }

  static <T> T get(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** What etcd holds under the test's prefix, read directly. */
  Map<String, String> storedRules() throws Exception {
    List<KeyValue> kvs = admin.getKVClient().get(bs(config.rulesPrefix()), GetOption.builder().isPrefix(true).build())
        .get(5, TimeUnit.SECONDS).getKvs();
    return kvs.stream().collect(Collectors.toMap(
        kv -> kv.getKey().toString(StandardCharsets.UTF_8).substring(config.rulesPrefix().length()),
        kv -> kv.getValue().toString(StandardCharsets.UTF_8)));
  }

  static ByteSequence bs(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Test
  void aPutReachesASecondWatchingStoreWithinOneSecond() throws Exception {
    EtcdConfigStore writer = store(newClient(server));
    EtcdConfigStore watcher = store(newClient(server));
    get(writer.start());
    get(watcher.start());
    List<ConfigSnapshot> seen = new CopyOnWriteArrayList<>();
    watcher.addListener(seen::add);

    ConfigWriteResult result = get(writer.put("api-per-key", "{\"rate\":\"100/s\"}", ConfigStore.MUST_NOT_EXIST));

    assertThat(result).isInstanceOf(Applied.class);
    long revision = ((Applied) result).revision();
    await().atMost(1, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(10))
        .until(() -> watcher.current().revision() == revision);
    assertThat(watcher.current().rulesById()).containsExactly(Map.entry("api-per-key", "{\"rate\":\"100/s\"}"));
    assertThat(watcher.current().modRevision("api-per-key")).isEqualTo(revision);
    assertThat(seen).last().isEqualTo(watcher.current());
    assertThat(watcher.connected()).isTrue();
  }

  @Test
  void aWriteTheValidatorRejectsLeavesTheStoredSetUnchanged() throws Exception {
    EtcdConfigStore store = store(newClient(server));
    get(store.start());
    long before = ((Applied) get(store.put("a", "{\"v\":1}", ConfigStore.MUST_NOT_EXIST))).revision();
    await().atMost(2, TimeUnit.SECONDS).until(() -> store.current().revision() == before);

    ConfigWriteResult badValue = get(store.put("a", "{\"v\":\"bad\"}", ConfigStore.ANY_REVISION));
    ConfigWriteResult badNewRule = get(store.put("b", "bad", ConfigStore.MUST_NOT_EXIST));
    ConfigWriteResult tooMany = get(store.replaceAll(Map.of("a", "1", "b", "2", "c", "3", "d", "4"), before));
    ConfigWriteResult badId = get(store.put("no/slashes", "{}", ConfigStore.ANY_REVISION));

    assertThat(badValue).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.problems())
        .containsExactly(new ConfigProblem("rules[a]", "{\"v\":\"bad\"}", "contains \"bad\"")));
    assertThat(badNewRule).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.problems()).hasSize(1));
    assertThat(tooMany).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.problems())
        .extracting(ConfigProblem::path).containsExactly("rules"));
    assertThat(badId).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.problems())
        .extracting(ConfigProblem::path, ConfigProblem::value).containsExactly(org.assertj.core.groups.Tuple.tuple("id", "no/slashes")));
    assertThat(storedRules()).containsExactly(Map.entry("a", "{\"v\":1}"));
    assertThat(store.current().revision()).isEqualTo(before);
    assertThat(store.current().rulesById()).containsExactly(Map.entry("a", "{\"v\":1}"));
  }

  @Test
  void aStaleRevisionWriteGetsTheStaleResultAndChangesNothing() throws Exception {
    EtcdConfigStore store = store(newClient(server));
    get(store.start());
    long r1 = ((Applied) get(store.put("a", "v1", ConfigStore.MUST_NOT_EXIST))).revision();
    long r2 = ((Applied) get(store.put("a", "v2", r1))).revision();
    assertThat(r2).isGreaterThan(r1);

    assertThat(get(store.put("a", "v3", ConfigStore.MUST_NOT_EXIST))).isEqualTo(new Stale(r2));
    assertThat(get(store.put("a", "v3", r1))).isEqualTo(new Stale(r2));
    assertThat(get(store.delete("a", r1))).isEqualTo(new Stale(r2));
    assertThat(get(store.replaceAll(Map.of("z", "v"), r1))).isEqualTo(new Stale(r2));
    assertThat(get(store.put("b", "v", 12345))).isEqualTo(new Stale(0));
    assertThat(get(store.delete("missing", ConfigStore.ANY_REVISION))).isEqualTo(new NotFound("missing"));

    assertThat(storedRules()).containsExactly(Map.entry("a", "v2"));
    await().atMost(2, TimeUnit.SECONDS).until(() -> store.current().revision() == r2);
    assertThat(store.current().rulesById()).containsExactly(Map.entry("a", "v2"));
  }

  @Test
  void replaceAllAppliesAWholeConfigAtomically() throws Exception {
    EtcdConfigStore writer = store(newClient(server));
    EtcdConfigStore watcher = store(newClient(server));
    get(writer.start());
    long r1 = ((Applied) get(writer.replaceAll(Map.of("a", "a1", "b", "b1"), 0))).revision();
    get(watcher.start());
    await().atMost(2, TimeUnit.SECONDS).until(() -> watcher.current().revision() == r1);
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    watcher.addListener(s -> seen.add(s.rulesById()));

    long r2 = ((Applied) get(writer.replaceAll(Map.of("b", "b2", "c", "c1"), r1))).revision();
    long unchanged = ((Applied) get(writer.replaceAll(Map.of("b", "b2", "c", "c1"), r2))).revision();
    long deleted = ((Applied) get(writer.delete("c", r2))).revision();

    assertThat(unchanged).as("an identical config writes nothing").isEqualTo(r2);
    await().atMost(2, TimeUnit.SECONDS).until(() -> watcher.current().revision() == deleted);
    assertThat(seen).containsExactly(Map.of("b", "b2", "c", "c1"), Map.of("b", "b2"));
    assertThat(storedRules()).isEqualTo(Map.of("b", "b2"));
  }

  @Test
  void concurrentWritesAreValidatedAgainstTheSetTheyProduce() throws Exception {
    EtcdConfigStore one = store(newClient(server));
    EtcdConfigStore two = store(newClient(server));
    List<CompletableFuture<ConfigWriteResult>> writes = IntStream.range(0, 6)
        .mapToObj(i -> (i % 2 == 0 ? one : two).put("r" + i, "{}", ConfigStore.MUST_NOT_EXIST).toCompletableFuture())
        .toList();

    List<ConfigWriteResult> results = new ArrayList<>();
    for (CompletableFuture<ConfigWriteResult> w : writes) {
      results.add(w.get(10, TimeUnit.SECONDS));
    }

    // The validator allows 3 rules: whatever the interleaving, exactly 3 writes win and the rest see the full set.
    assertThat(results).filteredOn(Applied.class::isInstance).hasSize(MAX_RULES);
    assertThat(results).filteredOn(r -> !(r instanceof Applied)).allMatch(Rejected.class::isInstance);
    assertThat(storedRules()).hasSize(MAX_RULES);
  }

  @Test
  void recoversFromCompactionWithTheLatestState() throws Exception {
    EtcdConfigStore writer = store(newClient(server));
    get(writer.start());
    long r1 = ((Applied) get(writer.put("x", "v1", ConfigStore.ANY_REVISION))).revision();
    await().atMost(2, TimeUnit.SECONDS).until(() -> writer.current().revision() == r1);
    ConfigSnapshot old = writer.current();
    get(writer.put("x", "v2", ConfigStore.ANY_REVISION));
    long latest = ((Applied) get(writer.put("y", "w", ConfigStore.ANY_REVISION))).revision();
    admin.getKVClient().compact(latest).get(5, TimeUnit.SECONDS);

    // A store resuming from the old snapshot must watch from r1 + 1, which is compacted away.
    EtcdConfigStore resumed = store(newClient(server));
    assertThat(get(resumed.startFrom(old))).isEqualTo(old);

    await().atMost(5, TimeUnit.SECONDS).until(() -> resumed.current().revision() == latest);
    assertThat(resumed.current().rulesById()).isEqualTo(Map.of("x", "v2", "y", "w"));
    assertThat(resumed.connected()).isTrue();
    long r4 = ((Applied) get(writer.put("x", "v3", ConfigStore.ANY_REVISION))).revision();
    await().atMost(2, TimeUnit.SECONDS).until(() -> resumed.current().revision() == r4);
    assertThat(resumed.current().rulesById()).containsEntry("x", "v3");
  }

  @Test
  void servesTheLastKnownGoodSnapshotWhileEtcdIsDownAndRecovers() throws Exception {
    try (EtcdServer own = EtcdServer.startOrConnect()) {
      Assumptions.assumeTrue(own.owned(), "needs an etcd this test can stop: " + own);
      config = configFor(own, "/outage");
      EtcdConfigStore writer = store(newClient(own));
      EtcdConfigStore watcher = store(newClient(own));
      get(writer.start());
      long r1 = ((Applied) get(writer.put("a", "v1", ConfigStore.MUST_NOT_EXIST))).revision();
      get(watcher.start());
      await().atMost(2, TimeUnit.SECONDS).until(() -> watcher.current().revision() == r1);
      ConfigSnapshot good = watcher.current();

      own.stop();

      await().atMost(5, TimeUnit.SECONDS).until(() -> !watcher.connected());
      assertThat(watcher.current()).isEqualTo(good);
      assertThat(get(writer.put("b", "v1", ConfigStore.ANY_REVISION))).isInstanceOf(Unavailable.class);
      assertThat(watcher.current()).isEqualTo(good);

      own.start();

      ConfigWriteResult afterRestart = await().atMost(15, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
          .until(() -> get(writer.put("b", "v2", ConfigStore.ANY_REVISION)), r -> r instanceof Applied);
      long r2 = ((Applied) afterRestart).revision();
      await().atMost(15, TimeUnit.SECONDS).until(() -> watcher.current().revision() == r2);
      assertThat(watcher.current().rulesById()).isEqualTo(Map.of("a", "v1", "b", "v2"));
      assertThat(watcher.connected()).isTrue();
    }
  }
}

package io.leasehold.model.rules.match;

import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.MatchSink;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleMatcher;
import io.leasehold.model.rules.RuleSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rule matching cost on the edge's request path, 20 rules. Run:
 * {@code java -cp <test classpath> org.openjdk.jmh.Main RuleMatcherBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RuleMatcherBenchmark {

  private final RuleMatcher matcher;
  private final RequestView perKey =
      RequestView.of("GET", "/api/v1/users/42/orders", Map.of("X-Api-Key", "k-1234567890", "X-Tenant", "acme"), "10.1.2.3");
  private final RequestView composite =
      RequestView.of("POST", "/shop/checkout/77", Map.of("X-Tenant", "acme", "X-Api-Key", "k"), "10.1.2.3");
  private final RequestView unmatched = RequestView.of("GET", "/static/app.js", Map.of(), "10.1.2.3");

  private MatchSink sink;

  @Setup
  public void sinkInto(Blackhole bh) {
    sink = (rule, key) -> bh.consume(key);
  }

  public RuleMatcherBenchmark() {
    StringBuilder yaml = new StringBuilder("rules:\n");
    for (int i = 0; i < 16; i++) {
      yaml.append("  - {id: svc-").append(i).append(", match: {path: /svc").append(i)
          .append("/**}, key: header:X-Api-Key, limits: [{rate: 100/s}]}\n");
    }
    yaml.append("  - {id: api-per-key, match: {path: /api/**}, key: header:X-Api-Key, limits: [{rate: 100/s}]}\n")
        .append("  - {id: users, match: {path: /api/*/users/*/orders, methods: [GET]}, key: ip, limits: [{rate: 10/s}]}\n")
        .append("  - {id: checkout, match: {path: /shop/checkout/*}, key: [header:X-Tenant, ip], limits: [{rate: 5/s}]}\n")
        .append("  - {id: all, key: constant, limits: [{rate: 50000/s}]}\n");
    ConfigResult<RuleSet> rules = RuleConfig.parseYaml(yaml.toString());
    matcher = RuleMatcher.of(rules.value());
  }

  @Benchmark
  public void perKeyMatches() {
    matcher.match(perKey, sink);
  }

  @Benchmark
  public void compositeKey() {
    matcher.match(composite, sink);
  }

  @Benchmark
  public Object asList() {
    return matcher.match(perKey);
  }

  @Benchmark
  public void onlyTheCatchAllMatches() {
    matcher.match(unmatched, sink);
  }
}

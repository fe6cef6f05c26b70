package io.leasehold.sim.scenario;

import io.leasehold.model.rules.ConfigProblem;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leasehold.sim.LimitSpec;
import io.leasehold.sim.net.LinkProfile;
import io.leasehold.sim.scenario.Fault.PartitionTarget;
import io.leasehold.sim.scenario.KeySpec.Distribution;
import io.leasehold.sim.scenario.TrafficSpec.Arrival;
import io.leasehold.sim.traffic.RateShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Loads and validates scenario YAML (format: {@code simulations/docs/engine.md}). Every problem is
 * collected with its field path, offending value and reason, and thrown together as a {@link
 * ScenarioException}; a scenario is returned only when it is entirely valid.
 */
public final class ScenarioLoader {
  static final long SLOT_NANOS = 100_000_000L;
  private static final long MAX_KEYS = 1L << 32;

  private static final ObjectMapper YAML = new ObjectMapper(
      YAMLFactory.builder().build().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

  private ScenarioLoader() {}

  public static Scenario load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  public static Scenario parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      String where = loc == null ? "(document)" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new ScenarioException(source, List.of(new Problem(where, null, e.getOriginalMessage())));
    }
    List<Problem> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      problems.add(new Problem("(document)", TreeReader.render(root), "must be a mapping of scenario fields"));
      throw new ScenarioException(source, problems);
    }
    Scenario scenario = new Reader(new TreeReader(root, "", problems), problems).scenario();
    if (!problems.isEmpty()) {
      throw new ScenarioException(source, problems);
    }
    return scenario;
  }

  /**
   * Reads the rules list with the production parser ({@link RuleConfig}), so a scenario's rules
   * are validated exactly as the coordinator validates them, and derives the limits the reference
   * systems use.
   */
  static List<RuleLimits> ruleLimits(JsonNode rulesNode, String path, List<Problem> problems) {
    List<RuleLimits> result = new ArrayList<>();
    if (rulesNode == null || rulesNode.isNull()) {
      problems.add(new Problem(path, null, "required"));
      return result;
    }
    if (!rulesNode.isArray() || rulesNode.isEmpty()) {
      problems.add(new Problem(path, TreeReader.render(rulesNode), "must be a non-empty list of rules"));
      return result;
    }
    ConfigResult<RuleSet> parsed = RuleConfig.parseJson(
        "{\"rules\":" + rulesNode.toString() + "}");
    if (!parsed.isValid()) {
      for (ConfigProblem problem : parsed.problems()) {
        // the parser's paths start at "rules"; re-root them where the rules sit in the scenario
        String where = problem.path().startsWith("rules") ? path + problem.path().substring("rules".length())
            : path + "." + problem.path();
        problems.add(new Problem(where, problem.value(), problem.reason()));
      }
      return result;
    }
    List<Rule> rules = parsed.value().rules();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      if (rule.scope() != Scope.GLOBAL) {
        problems.add(new Problem(path + "[" + i + "].scope", rule.scope().toString(),
            "the simulator measures global quotas; only scope: global is supported"));
        continue;
      }
      List<LimitSpec> limits = new ArrayList<>();
      for (Limit limit : rule.limits()) {
        limits.add(new LimitSpec(
            limit.rate().tokens() * 1e9 / limit.rate().periodNanos(), limit.burst()));
      }
      result.add(new RuleLimits(rule.id(), !rule.key().isConstant(), limits));
    }
    return result;
  }

  /** One pass over the document; holds the resolved regions and rules for cross-references. */
  private static final class Reader {
    private final TreeReader root;
    private final List<Problem> problems;
    private final List<RegionSpec> regions = new ArrayList<>();
    private List<RuleLimits> rules = List.of();
    private long durationNanos;

    Reader(TreeReader root, List<Problem> problems) {
      this.root = root;
      this.problems = problems;
    }

    Scenario scenario() {
      String name = root.string("name", null);
      String description = root.string("description", "");
      long seed = root.integer("seed", 1L, Long.MIN_VALUE, Long.MAX_VALUE);
      int before = problems.size();
      durationNanos = root.duration("duration", null);
      if (durationNanos <= 0 && problems.size() == before) {
        root.problem("duration", root.raw("duration"), "must be positive");
      }
      long tick = root.duration("tick", 1_000_000L);
      if (tick <= 0 || SLOT_NANOS % tick != 0) {
        root.problem("tick", root.raw("tick"), "must divide 100ms evenly (e.g. 1ms, 10ms)");
        tick = 1_000_000L;
      }
      readRegions();
      int coordinator = 0;
      if (root.has("coordinator")) {
        coordinator = region(root, "coordinator");
        coordinator = Math.max(coordinator, 0);
      }
      SyncSpec sync = readSync();
      LinkProfile[][] links = new LinkProfile[Math.max(1, regions.size())][Math.max(1, regions.size())];
      long requestTimeout = readNetwork(links);
      JsonNode rulesNode = root.raw("rules");
      rules = ruleLimits(rulesNode, "rules", problems);
      List<TrafficSpec> traffic = new ArrayList<>();
      for (TreeReader.Item item : root.list("traffic", true)) {
        TrafficSpec spec = readTraffic(item);
        if (spec != null) {
          traffic.add(spec);
        }
      }
      List<Fault> faults = new ArrayList<>();
      for (TreeReader.Item item : root.list("faults", false)) {
        Fault fault = readFault(item);
        if (fault != null) {
          faults.add(fault);
        }
      }
      String lanes = root.string("lanes", "single");
      if (!lanes.equals("single") && !lanes.equals("per-region")) {
        root.problem("lanes", root.raw("lanes"), "must be single or per-region");
      }
      root.rejectUnknown();
      if (!problems.isEmpty()) {
        return null;
      }
      return new Scenario(name, description, seed, durationNanos, tick, regions, coordinator, sync,
          links, requestTimeout, rulesNode, rules, traffic, faults, lanes.equals("per-region"));
    }

    private void readRegions() {
      Set<String> names = new HashSet<>();
      for (TreeReader.Item item : root.list("regions", true)) {
        TreeReader region = item.asObject(problems);
        if (region == null) {
          continue;
        }
        String name = region.string("name", null);
        if (name != null && !names.add(name)) {
          region.problem("name", region.raw("name"), "duplicate region name");
        }
        int edges = (int) region.integer("edges", null, 1, 100_000);
        int aggregators = (int) region.integer("aggregators", 1L, 1, 1_000);
        region.rejectUnknown();
        regions.add(new RegionSpec(name, edges, aggregators));
      }
    }

    private SyncSpec readSync() {
      TreeReader sync = root.object("sync", false);
      if (sync == null) {
        return new SyncSpec(200_000_000L, 1_000_000_000L, 0.1);
      }
      long edge = positive(sync, "edge_interval", 200_000_000L);
      long region = positive(sync, "region_interval", 1_000_000_000L);
      double jitter = sync.fraction("jitter", 0.1, 0, 0.5);
      sync.rejectUnknown();
      return new SyncSpec(edge, region, jitter);
    }

    private long readNetwork(LinkProfile[][] links) {
      TreeReader net = root.object("network", false);
      LinkProfile intra = LinkProfile.ofMillis(0.5, 0.1, 0);
      LinkProfile inter = LinkProfile.ofMillis(50, 2, 0);
      long timeout = 1_000_000_000L;
      if (net != null) {
        TreeReader intraNode = net.object("intra_region", false);
        if (intraNode != null) {
          intra = link(intraNode);
        }
        TreeReader interNode = net.object("inter_region", false);
        if (interNode != null) {
          inter = link(interNode);
        }
        timeout = positive(net, "request_timeout", timeout);
      }
      int n = regions.size();
      for (int i = 0; i < links.length; i++) {
        for (int j = 0; j < links.length; j++) {
          links[i][j] = i == j ? intra : inter;
        }
      }
      if (net == null) {
        return timeout;
      }
      List<TreeReader.Item> matrix = net.list("matrix_ms", false);
      if (!matrix.isEmpty()) {
        if (matrix.size() != n) {
          net.problem("matrix_ms", net.raw("matrix_ms"), "needs " + n + " rows, one per region in order");
        } else {
          for (int i = 0; i < n; i++) {
            JsonNode row = matrix.get(i).node();
            if (!row.isArray() || row.size() != n) {
              problems.add(new Problem(matrix.get(i).path(), TreeReader.render(row),
                  "needs " + n + " one-way latencies in milliseconds, one per region in order"));
              continue;
            }
            for (int j = 0; j < n; j++) {
              JsonNode cell = row.get(j);
              if (!cell.isNumber() || cell.asDouble() < 0) {
                problems.add(new Problem(matrix.get(i).path() + "[" + j + "]", TreeReader.render(cell),
                    "must be a latency in milliseconds ≥ 0"));
                continue;
              }
              LinkProfile base = links[i][j];
              links[i][j] = new LinkProfile(Math.round(cell.asDouble() * 1e6), base.jitterNanos(), base.loss());
            }
          }
        }
      }
      for (TreeReader.Item item : net.list("links", false)) {
        TreeReader linkNode = item.asObject(problems);
        if (linkNode == null) {
          continue;
        }
        JsonNode between = linkNode.raw("between");
        LinkProfile profile = link(linkNode);
        if (between == null || !between.isArray() || between.size() != 2) {
          linkNode.problem("between", between, "must name two regions, e.g. [us-east, eu-west]");
          continue;
        }
        int a = regionNamed(between.get(0), linkNode.child("between") + "[0]");
        int b = regionNamed(between.get(1), linkNode.child("between") + "[1]");
        if (a >= 0 && b >= 0) {
          links[a][b] = profile;
          links[b][a] = profile;
        }
      }
      net.rejectUnknown();
      return timeout;
    }

    private LinkProfile link(TreeReader node) {
      long latency = node.duration("latency", null);
      long jitter = node.duration("jitter", 0L);
      double loss = node.fraction("loss", 0, 0, 1);
      if (!node.path().contains("links[")) {
        node.rejectUnknown();
      } else {
        node.raw("between");
        node.rejectUnknown();
      }
      return new LinkProfile(Math.max(0, latency), Math.max(0, jitter), loss);
    }

    private TrafficSpec readTraffic(TreeReader.Item item) {
      TreeReader t = item.asObject(problems);
      if (t == null) {
        return null;
      }
      int region = region(t, "region");
      int rule = rule(t, "rule");
      RateShape shape = readShape(t.object("rate", true));
      String arrivalText = t.string("arrival", "poisson");
      Arrival arrival = Arrival.POISSON;
      if (arrivalText != null) {
        try {
          arrival = Arrival.valueOf(arrivalText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          t.problem("arrival", t.raw("arrival"), "must be poisson or constant");
        }
      }
      KeySpec keys = KeySpec.SINGLE;
      TreeReader keyNode = t.object("keys", false);
      if (keyNode != null) {
        if (rule >= 0 && !rules.get(rule).keyed()) {
          t.problem("keys", t.raw("keys"), "rule " + rules.get(rule).id() + " has key: constant; keys do not apply");
        }
        keys = readKeys(keyNode);
      }
      int costMin = 1;
      int costMax = 1;
      JsonNode cost = t.raw("cost");
      if (cost != null && cost.isObject()) {
        TreeReader c = new TreeReader(cost, t.child("cost"), problems);
        costMin = (int) c.integer("min", null, 1, 1_000_000);
        costMax = (int) c.integer("max", null, 1, 1_000_000);
        c.rejectUnknown();
        if (costMax < costMin) {
          c.problem("max", cost.get("max"), "must be ≥ min (" + costMin + ")");
        }
      } else if (cost != null) {
        costMin = (int) t.integer("cost", 1L, 1, 1_000_000);
        costMax = costMin;
      }
      t.rejectUnknown();
      return region < 0 || rule < 0 || shape == null
          ? null
          : new TrafficSpec(region, rule, shape, arrival, keys, costMin, costMax);
    }

    private KeySpec readKeys(TreeReader k) {
      String dist = k.string("distribution", "uniform");
      Distribution distribution = Distribution.UNIFORM;
      try {
        distribution = Distribution.valueOf(dist.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        k.problem("distribution", k.raw("distribution"), "must be uniform or zipf");
      }
      long count = k.integer("count", null, 1, MAX_KEYS);
      double exponent = 0;
      if (distribution == Distribution.ZIPF) {
        exponent = k.number("exponent", null, 0, 10);
      } else if (k.has("exponent")) {
        k.problem("exponent", k.raw("exponent"), "applies only to distribution: zipf");
      }
      long offset = k.integer("offset", 0L, 0, MAX_KEYS);
      k.rejectUnknown();
      return new KeySpec(distribution, count, exponent, offset);
    }

    private RateShape readShape(TreeReader r) {
      if (r == null) {
        return null;
      }
      String shape = r.string("shape", null);
      if (shape == null) {
        return null;
      }
      double max = 1e9;
      RateShape result;
      switch (shape) {
        case "constant" -> result = new RateShape.Constant(r.number("rps", null, 0, max));
        case "ramp" -> {
          double from = r.number("from", null, 0, max);
          double to = r.number("to", null, 0, max);
          long start = r.duration("start", null);
          long end = r.duration("end", null);
          if (end <= start && r.has("end")) {
            r.problem("end", r.raw("end"), "must be after start");
          }
          result = new RateShape.Ramp(from, to, seconds(start), seconds(Math.max(end, start + 1)));
        }
        case "step" -> {
          double initial = r.number("rps", null, 0, max);
          List<TreeReader.Item> steps = r.list("steps", true);
          double[] times = new double[steps.size()];
          double[] rates = new double[steps.size() + 1];
          rates[0] = initial;
          long previous = -1;
          for (int i = 0; i < steps.size(); i++) {
            TreeReader s = steps.get(i).asObject(problems);
            if (s == null) {
              continue;
            }
            long at = s.duration("at", null);
            if (at <= previous) {
              s.problem("at", s.raw("at"), "steps must be in increasing time order");
            }
            previous = at;
            times[i] = seconds(at);
            rates[i + 1] = s.number("rps", null, 0, max);
            s.rejectUnknown();
          }
          result = new RateShape.Step(times, rates);
        }
        case "sine" -> {
          double mean = r.number("mean", null, 0, max);
          double amplitude = r.number("amplitude", null, 0, max);
          long period = r.duration("period", null);
          if (period <= 0 && r.has("period")) {
            r.problem("period", r.raw("period"), "must be positive");
          }
          result = new RateShape.Sine(mean, amplitude, seconds(Math.max(1, period)),
              seconds(r.duration("phase", 0L)));
        }
        case "flash_crowd" -> result = new RateShape.FlashCrowd(
            r.number("base", null, 0, max),
            r.number("peak", null, 0, max),
            seconds(r.duration("start", null)),
            seconds(Math.max(1, r.duration("rise", 1_000_000_000L))),
            seconds(r.duration("hold", null)),
            seconds(Math.max(1, r.duration("decay", 1_000_000_000L))));
        default -> {
          r.problem("shape", r.raw("shape"), "must be constant, ramp, step, sine or flash_crowd");
          return null;
        }
      }
      r.rejectUnknown();
      return result;
    }

    private Fault readFault(TreeReader.Item item) {
      TreeReader f = item.asObject(problems);
      if (f == null) {
        return null;
      }
      String type = f.string("type", null);
      if (type == null) {
        return null;
      }
      long at = f.duration("at", null);
      if (durationNanos > 0 && at >= durationNanos) {
        f.problem("at", f.raw("at"), "is not before the end of the run (duration)");
      }
      Fault fault = switch (type) {
        case "region_partition" -> {
          int region = region(f, "region");
          String from = f.string("from", null);
          PartitionTarget target = PartitionTarget.COORDINATOR;
          if (from != null) {
            try {
              target = PartitionTarget.valueOf(from.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
              f.problem("from", f.raw("from"), "must be coordinator or redis");
            }
          }
          yield new Fault.RegionPartition(at, until(f, at, "until"), region, target);
        }
        case "aggregator_crash" -> {
          int region = region(f, "region");
          int replicas = (int) f.integer("replicas", 1L, 1, 1000);
          if (region >= 0 && replicas > regions.get(region).aggregators()) {
            f.problem("replicas", f.raw("replicas"),
                "region has only " + regions.get(region).aggregators() + " aggregator replicas");
          }
          yield new Fault.AggregatorCrash(at, until(f, at, "restart"), region, replicas);
        }
        case "redis_outage" -> new Fault.RedisOutage(at, until(f, at, "until"), region(f, "region"));
        case "coordinator_failover" -> new Fault.CoordinatorFailover(at);
        case "rule_change" -> {
          List<RuleLimits> changed = ruleLimits(f.raw("rules"), f.child("rules"), problems);
          checkSameRules(f, changed);
          yield new Fault.RuleChange(at, f.raw("rules"), changed);
        }
        case "key_flood" -> {
          int region = region(f, "region");
          int rule = rule(f, "rule");
          if (rule >= 0 && !rules.get(rule).keyed()) {
            f.problem("rule", f.raw("rule"), "a key flood needs a per-key rule, not key: constant");
          }
          double rps = f.number("rps", null, 0, 1e9);
          long distinct = f.integer("distinct_keys", null, 1, MAX_KEYS);
          yield new Fault.KeyFlood(at, until(f, at, "until"), region, rule, rps, distinct);
        }
        default -> {
          f.problem("type", f.raw("type"), "must be region_partition, aggregator_crash, redis_outage, "
              + "coordinator_failover, rule_change or key_flood");
          yield null;
        }
      };
      if (fault != null) { // fields of an unknown type are not worth listing
        f.rejectUnknown();
      }
      return fault;
    }

    private void checkSameRules(TreeReader f, List<RuleLimits> changed) {
      List<String> before = rules.stream().map(RuleLimits::id).toList();
      List<String> after = changed.stream().map(RuleLimits::id).toList();
      if (!changed.isEmpty() && !before.equals(after)) {
        f.problem("rules", null, "must list the same rule ids in the same order as the scenario's rules "
            + before + " (got " + after + "); the simulator compares quotas across the change");
      }
    }

    private long until(TreeReader f, long at, String field) {
      if (!f.has(field)) {
        return Fault.NO_END;
      }
      long until = f.duration(field, Fault.NO_END);
      if (until <= at) {
        f.problem(field, f.raw(field), "must be after at");
      }
      return until;
    }

    private long positive(TreeReader node, String field, long fallback) {
      long value = node.duration(field, fallback);
      if (value <= 0) {
        node.problem(field, node.raw(field), "must be positive");
        return fallback;
      }
      return value;
    }

    private int region(TreeReader node, String field) {
      String name = node.string(field, null);
      if (name == null) {
        return -1;
      }
      for (int i = 0; i < regions.size(); i++) {
        if (name.equals(regions.get(i).name())) {
          return i;
        }
      }
      node.problem(field, node.raw(field), "unknown region; regions are "
          + regions.stream().map(RegionSpec::name).toList());
      return -1;
    }

    private int regionNamed(JsonNode value, String path) {
      for (int i = 0; i < regions.size(); i++) {
        if (value.asText().equals(regions.get(i).name())) {
          return i;
        }
      }
      problems.add(new Problem(path, TreeReader.render(value), "unknown region; regions are "
          + regions.stream().map(RegionSpec::name).toList()));
      return -1;
    }

    private int rule(TreeReader node, String field) {
      String id = node.string(field, null);
      if (id == null) {
        return -1;
      }
      for (int i = 0; i < rules.size(); i++) {
        if (id.equals(rules.get(i).id())) {
          return i;
        }
      }
      node.problem(field, node.raw(field), "unknown rule id; rules are "
          + rules.stream().map(RuleLimits::id).toList());
      return -1;
    }

    private static double seconds(long nanos) {
      return nanos / 1e9;
    }
  }
}

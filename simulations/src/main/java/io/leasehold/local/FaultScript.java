package io.leasehold.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses fault steps, one per line (or per {@code --fault} option): {@code AT ACTION [ARGS]},
 * {@code #} starts a comment. {@code AT} is {@code 500ms}, {@code 5s} or {@code 1m} after the start.
 *
 * <pre>
 * 5s   kill-aggregator us-east 0
 * 10s  stop-redis us-east
 * 14s  start-redis us-east
 * 20s  kill-leader            # measures failover_ms
 * 26s  revive                 # restarts killed components
 * 30s  stop-etcd
 * 34s  start-etcd
 * 40s  partition eu-west
 * 45s  heal eu-west
 * 50s  set-rate search-global 300/s   # measures how fast every edge enforces it
 * </pre>
 */
public final class FaultScript {
  private static final Pattern AT = Pattern.compile("(\\d{1,7})(ms|s|m)");
  private static final Pattern RATE = Pattern.compile("\\d{1,13}/[smhd]");

  private FaultScript() {}

  /** Every step, sorted by time; an {@link IllegalArgumentException} lists every bad line. */
  public static List<FaultStep> parse(List<String> lines) {
    List<FaultStep> steps = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (text.isEmpty()) {
        continue;
      }
      try {
        steps.add(step(text));
      } catch (IllegalArgumentException e) {
        problems.add("faults[" + i + "]: \"" + text + "\": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    steps.sort(Comparator.comparing(FaultStep::at));
    return List.copyOf(steps);
  }

  public static List<FaultStep> parse(String text) {
    return parse(text.lines().toList());
  }

  private static FaultStep step(String text) {
    String[] words = text.split("\\s+");
    if (words.length < 2) {
      throw new IllegalArgumentException("expected AT ACTION [ARGS], e.g. \"5s kill-leader\"");
    }
    Matcher at = AT.matcher(words[0]);
    if (!at.matches()) {
      throw new IllegalArgumentException("time \"" + words[0] + "\" must be like 500ms, 5s or 1m");
    }
    long n = Long.parseLong(at.group(1));
    Duration when = switch (at.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
    String action = words[1].toLowerCase(Locale.ROOT);
    List<String> args = List.of(words).subList(2, words.length);
    FaultAction parsed = switch (action) {
      case "kill-aggregator" -> {
        arity(action, args, 1, 2, "REGION [INDEX]");
        yield new FaultAction.KillAggregator(args.get(0), args.size() == 2 ? index(args.get(1)) : 0);
      }
      case "stop-redis" -> new FaultAction.StopRedis(one(action, args, "REGION"));
      case "start-redis" -> new FaultAction.StartRedis(one(action, args, "REGION"));
      case "kill-leader" -> none(action, args, new FaultAction.KillLeader());
      case "stop-etcd" -> none(action, args, new FaultAction.StopEtcd());
      case "start-etcd" -> none(action, args, new FaultAction.StartEtcd());
      case "partition" -> new FaultAction.Partition(one(action, args, "REGION"));
      case "heal" -> new FaultAction.Heal(one(action, args, "REGION"));
      case "revive" -> none(action, args, new FaultAction.Revive());
      case "set-rate" -> {
        arity(action, args, 2, 2, "RULE RATE");
        if (!RATE.matcher(args.get(1)).matches()) {
          throw new IllegalArgumentException("rate \"" + args.get(1) + "\" must be N/s, N/m, N/h or N/d");
        }
        yield new FaultAction.SetRate(args.get(0), args.get(1));
      }
      default -> throw new IllegalArgumentException("unknown action \"" + words[1] + "\"; expected one of "
          + "kill-aggregator, stop-redis, start-redis, kill-leader, stop-etcd, start-etcd, partition, heal, "
          + "revive, set-rate");
    };
    return new FaultStep(when, parsed);
  }

  private static int index(String text) {
    try {
      int i = Integer.parseInt(text);
      if (i >= 0) {
        return i;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("index \"" + text + "\" must be a whole number ≥ 0");
  }

  private static String one(String action, List<String> args, String usage) {
    arity(action, args, 1, 1, usage);
    return args.get(0);
  }

  private static FaultAction none(String action, List<String> args, FaultAction value) {
    arity(action, args, 0, 0, "");
    return value;
  }

  private static void arity(String action, List<String> args, int min, int max, String usage) {
    if (args.size() < min || args.size() > max) {
      throw new IllegalArgumentException(action + " takes " + (usage.isEmpty() ? "no arguments" : usage)
          + ", got " + args.size() + " argument(s)");
    }
  }
}

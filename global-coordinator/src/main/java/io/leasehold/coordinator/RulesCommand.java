package io.leasehold.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leasehold rules validate|apply|get|delete}: manage the rules through the coordinator's
 * admin API. {@code validate} works offline on files. Exit status: 0 success, 1 any error (invalid
 * rules, conflict, refused, unreachable), 2 usage.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Validate rule files, and apply, get or delete the rules a coordinator enforces.",
    subcommands = {
        RulesCommand.Validate.class, RulesCommand.Apply.class, RulesCommand.Get.class, RulesCommand.Delete.class})
public final class RulesCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the coordinator is and how to authenticate. */
  static final class Server {
    @Option(names = "--server", paramLabel = "URL",
        description = "coordinator admin URL (env LEASEHOLD_COORDINATOR_URL; default http://127.0.0.1:9090)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "admin bearer token (env LEASEHOLD_ADMIN_TOKEN; prefer the environment)")
    String token;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10S",
        description = "request timeout, ISO-8601 (default PT10S)")
    Duration timeout;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    URI uri(String path) {
      String base = server != null ? server : System.getenv().getOrDefault("LEASEHOLD_COORDINATOR_URL",
          "http://127.0.0.1:9090");
      return URI.create(base.replaceAll("/+$", "") + path);
    }

    HttpRequest.Builder request(String path) {
      String bearer = token != null ? token : System.getenv("LEASEHOLD_ADMIN_TOKEN");
      HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(timeout);
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      return b;
    }

    HttpResponse<String> send(HttpRequest request) throws CommandFailure {
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new CommandFailure("cannot reach the coordinator at " + request.uri() + " (connection refused)");
      } catch (IOException e) {
        throw new CommandFailure("request to " + request.uri() + " failed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CommandFailure("interrupted");
      }
    }
  }

  /** An error to report in one line, without a stack trace. */
  static final class CommandFailure extends Exception {
    CommandFailure(String message) {
      super(message);
    }
  }

  abstract static class ServerCommand implements Callable<Integer> {
    @Mixin Server server;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        return execute(spec.commandLine().getOut(), spec.commandLine().getErr());
      } catch (CommandFailure e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 1;
      }
    }

    abstract int execute(PrintWriter out, PrintWriter err) throws CommandFailure;

    /** Prints an error answer (problem+json listing every problem) and returns 1. */
    int failed(HttpResponse<String> response, PrintWriter err) {
      err.println("error: " + describe(response));
      return 1;
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = "Checks rule files offline; prints every problem with its path, value and reason.")
  static final class Validate implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE") List<Path> files;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int status = 0;
      for (Path file : files) {
        ConfigResult<RuleSet> parsed;
        try {
          parsed = RuleConfig.parseYaml(Files.readString(file));
        } catch (IOException e) {
          err.println(file + ": cannot be read: " + e.getMessage());
          status = 1;
          continue;
        }
        if (parsed.isValid()) {
          out.println(file + ": valid (" + parsed.value().rules().size() + " rules)");
        } else {
          parsed.problems().forEach(p -> err.println(file + ": " + p));
          status = 1;
        }
      }
      return status;
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = {"Makes the coordinator's rules exactly those in FILE (rules not in it are deleted).",
          "Prints the diff and the new revision; fails without changing anything if the rules changed since",
          "they were read (409), or if any rule is invalid (400)."})
  static final class Apply extends ServerCommand {
    @Parameters(index = "0", paramLabel = "FILE") Path file;

    @Option(names = "--dry-run", description = "validate on the coordinator and show the diff, change nothing")
    boolean dryRun;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws CommandFailure {
      String text;
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new CommandFailure(file + ": cannot be read: " + e.getMessage());
      }
      ConfigResult<RuleSet> parsed = RuleConfig.parseYaml(text);
      if (!parsed.isValid()) {
        parsed.problems().forEach(p -> err.println(file + ": " + p));
        return 1;
      }
      HttpResponse<String> current = server.send(server.request("/v1/rules").GET().build());
      if (current.statusCode() != 200) {
        return failed(current, err);
      }
      JsonNode body = json(current.body());
      long revision = body.path("revision").asLong();
      Map<String, Rule> before = new TreeMap<>();
      for (JsonNode rule : body.path("rules")) {
        ConfigResult<Rule> r = RuleConfig.parseRule(rule.toString());
        if (r.isValid()) {
          before.put(r.value().id(), r.value());
        }
      }
      Map<String, Rule> after = new TreeMap<>();
      parsed.value().rules().forEach(r -> after.put(r.id(), r));
      boolean changed = printDiff(before, after, out);
      if (!changed) {
        out.println("no changes; revision " + revision);
        return 0;
      }
      HttpRequest put = server.request("/v1/rules" + (dryRun ? "?dry_run=true" : ""))
          .header("Content-Type", "application/yaml")
          .header("If-Match", "\"" + revision + "\"")
          .PUT(HttpRequest.BodyPublishers.ofString(text)).build();
      HttpResponse<String> response = server.send(put);
      if (response.statusCode() / 100 != 2) {
        return failed(response, err);
      }
      JsonNode result = json(response.body());
      out.println(dryRun ? "dry run: valid; nothing changed (revision " + revision + ")"
          : "applied: revision " + result.path("revision").asLong());
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints the rules (or one rule) as YAML or JSON.")
  static final class Get extends ServerCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID") String id;

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", description = "yaml or json (default yaml)")
    String output;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws CommandFailure {
      boolean yaml = !"json".equals(output);
      String path = id == null ? "/v1/rules" + (yaml ? "?format=yaml" : "") : "/v1/rules/" + id;
      HttpResponse<String> response = server.send(server.request(path).GET().build());
      if (response.statusCode() != 200) {
        return failed(response, err);
      }
      if (id != null && yaml) {
        ConfigResult<Rule> rule = RuleConfig.parseRule(response.body());
        out.print(rule.isValid() ? RuleConfig.toYaml(rule.value()) : response.body());
      } else {
        out.println(response.body());
      }
      response.headers().firstValue("ETag").ifPresent(etag -> err.println("revision " + etag.replace("\"", "")));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes one rule.")
  static final class Delete extends ServerCommand {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Option(names = "--revision", description = "only if the rule is still at this revision")
    Long revision;

    @Option(names = "--dry-run", description = "check only, change nothing") boolean dryRun;

    @Override
    int execute(PrintWriter out, PrintWriter err) throws CommandFailure {
      HttpRequest.Builder b = server.request("/v1/rules/" + id + (dryRun ? "?dry_run=true" : "")).DELETE();
      if (revision != null) {
        b.header("If-Match", "\"" + revision + "\"");
      }
      HttpResponse<String> response = server.send(b.build());
      if (response.statusCode() / 100 != 2) {
        return failed(response, err);
      }
      out.println("- " + id);
      out.println(dryRun ? "dry run: nothing changed" : "deleted: revision " + json(response.body()).path("revision").asLong());
      return 0;
    }
  }

  /** Prints added, removed and changed rules as a line diff of their canonical YAML; true if anything differs. */
  static boolean printDiff(Map<String, Rule> before, Map<String, Rule> after, PrintWriter out) {
    TreeSet<String> ids = new TreeSet<>(before.keySet());
    ids.addAll(after.keySet());
    boolean changed = false;
    for (String id : ids) {
      Rule old = before.get(id);
      Rule next = after.get(id);
      if (old != null && old.equals(next)) {
        continue;
      }
      changed = true;
      List<String> a = old == null ? List.of() : lines(RuleConfig.toYaml(old));
      List<String> b = next == null ? List.of() : lines(RuleConfig.toYaml(next));
      out.println((old == null ? "+ " : next == null ? "- " : "~ ") + "rule " + id);
      for (String line : lineDiff(a, b)) {
        out.println("    " + line);
      }
    }
    return changed;
  }

  private static List<String> lines(String text) {
    return List.of(text.split("\n"));
  }

  /** A longest-common-subsequence line diff: "  " kept, "- " removed, "+ " added. */
  static List<String> lineDiff(List<String> a, List<String> b) {
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<String> diff = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        diff.add("  " + a.get(i++));
        j++;
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        diff.add("+ " + b.get(j++));
      } else {
        diff.add("- " + a.get(i++));
      }
    }
    return diff;
  }

  static JsonNode json(String body) throws CommandFailure {
    try {
      return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      throw new CommandFailure("the coordinator answered something that is not JSON: " + abbreviate(body));
    }
  }

  /** One line per problem of an error answer. */
  static String describe(HttpResponse<String> response) {
    StringBuilder out = new StringBuilder().append(response.statusCode());
    try {
      JsonNode problem = JSON.readTree(response.body());
      out.append(' ').append(problem.path("title").asText("")).append(": ").append(problem.path("detail").asText(""));
      for (JsonNode p : problem.path("problems")) {
        out.append("\n  ").append(p.path("path").asText());
        if (!p.path("value").isNull() && !p.path("value").isMissingNode()) {
          out.append(": ").append(p.path("value").asText());
        }
        out.append(": ").append(p.path("reason").asText());
      }
    } catch (IOException | RuntimeException e) {
      out.append(' ').append(abbreviate(response.body()));
    }
    return out.toString();
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}

package io.leasehold.coordinator.http;

import io.leasehold.coordinator.ConfigProblem;
import io.leasehold.coordinator.ConfigSnapshot;
import io.leasehold.coordinator.ConfigStore;
import io.leasehold.coordinator.ConfigValidator;
import io.leasehold.coordinator.ConfigWriteResult;
import io.leasehold.coordinator.config.RulesSnapshot;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET/PUT/DELETE /v1/rules[/{id}]}: reads come from the store's last known good snapshot;
 * writes are validated and stored by compare-and-swap ({@link ConfigStore}). Every write accepts a
 * precondition, {@code If-Match: "<revision>"} or {@code ?revision=} (409 when stale), and
 * {@code ?dry_run=true}, which validates and reports what would change without writing.
 *
 * <p>Revisions: for one rule, its mod revision ({@code ETag} of {@code GET /v1/rules/{id}}); for
 * the whole set, the config revision ({@code ETag} of {@code GET /v1/rules}).
 */
final class RulesApi {
  private final ConfigStore store;
  private final ConfigValidator validator;
  private final Context context;

  RulesApi(ConfigStore store, ConfigValidator validator, Context context) {
    this.store = store;
    this.validator = validator;
    this.context = context;
  }

  void list(RoutingContext ctx) {
    ConfigSnapshot snapshot = store.current();
    ctx.response().putHeader("ETag", etag(snapshot.revision()));
    if ("yaml".equals(ctx.request().getParam("format"))) {
      RulesSnapshot rules = RulesSnapshot.of(snapshot);
      ctx.response().putHeader("Content-Type", "application/yaml").end(rules.rules().toYaml());
      return;
    }
    JsonArray rules = new JsonArray();
    snapshot.rulesById().forEach((id, json) -> rules.add(new JsonObject(json)));
    JsonObject revisions = new JsonObject();
    snapshot.modRevisionById().forEach(revisions::put);
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
        .put("revision", snapshot.revision())
        .put("rule_revisions", revisions)
        .put("rules", rules)
        .put("etcd_connected", store.connected())
        .encode());
  }

  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ConfigSnapshot snapshot = store.current();
    String json = snapshot.rulesById().get(id);
    if (json == null) {
      Problems.send(ctx, 404, "Not Found", "no rule with id " + id);
      return;
    }
    ctx.response().putHeader("ETag", etag(snapshot.modRevision(id)))
        .putHeader("X-Config-Revision", Long.toString(snapshot.revision()))
        .putHeader("Content-Type", "application/json").end(json);
  }

  void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Long expected = expectedRevision(ctx, true);
    if (expected == null) {
      return;
    }
    String body = ctx.body().asString();
    ConfigResult<Rule> parsed = isYaml(ctx) ? RuleConfig.parseRuleYaml(body == null ? "" : body)
        : RuleConfig.parseRule(body == null ? "" : body);
    if (!parsed.isValid()) {
      List<ConfigProblem> problems = new ArrayList<>();
      parsed.problems().forEach(p -> problems.add(Problems.convert("rules[" + id + "]", p)));
      Problems.invalid(ctx, problems);
      return;
    }
    if (!parsed.value().id().equals(id)) {
      Problems.invalid(ctx, List.of(new ConfigProblem("rules[" + id + "].id", parsed.value().id(),
          "must equal the id in the path (" + id + ")")));
      return;
    }
    String json = RuleConfig.toJson(parsed.value());
    ConfigSnapshot snapshot = store.current();
    boolean existed = snapshot.rulesById().containsKey(id);
    if (dryRun(ctx)) {
      if (staleRule(ctx, snapshot, id, expected)) {
        return;
      }
      Map<String, String> next = new TreeMap<>(snapshot.rulesById());
      next.put(id, json);
      dryRunAnswer(ctx, snapshot, next);
      return;
    }
    write(ctx, store.put(id, json, expected), existed ? 200 : 201, changes(snapshot.rulesById(), with(snapshot, id, json)));
  }

  void putAll(RoutingContext ctx) {
    Long expected = expectedRevision(ctx, false);
    if (expected == null) {
      return;
    }
    String body = ctx.body().asString();
    ConfigResult<RuleSet> parsed = RuleConfig.parseYaml(body == null ? "" : body);
    if (!parsed.isValid()) {
      List<ConfigProblem> problems = new ArrayList<>();
      parsed.problems().forEach(p -> problems.add(Problems.convert("", p)));
      Problems.invalid(ctx, problems);
      return;
    }
    Map<String, String> next = new TreeMap<>();
    parsed.value().rules().forEach(rule -> next.put(rule.id(), RuleConfig.toJson(rule)));
    ConfigSnapshot snapshot = store.current();
    if (dryRun(ctx)) {
      if (expected >= 0 && expected != snapshot.revision()) {
        stale(ctx, snapshot.revision());
        return;
      }
      dryRunAnswer(ctx, snapshot, next);
      return;
    }
    write(ctx, store.replaceAll(next, expected), 200, changes(snapshot.rulesById(), next));
  }

  void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Long expected = expectedRevision(ctx, false);
    if (expected == null) {
      return;
    }
    ConfigSnapshot snapshot = store.current();
    if (dryRun(ctx)) {
      if (!snapshot.rulesById().containsKey(id)) {
        Problems.send(ctx, 404, "Not Found", "no rule with id " + id);
        return;
      }
      if (staleRule(ctx, snapshot, id, expected)) {
        return;
      }
      Map<String, String> next = new TreeMap<>(snapshot.rulesById());
      next.remove(id);
      dryRunAnswer(ctx, snapshot, next);
      return;
    }
    Map<String, String> next = new TreeMap<>(snapshot.rulesById());
    next.remove(id);
    write(ctx, store.delete(id, expected), 200, changes(snapshot.rulesById(), next));
  }

  private void dryRunAnswer(RoutingContext ctx, ConfigSnapshot snapshot, Map<String, String> next) {
    // The validator may be slow on large sets and must not run on the event loop.
    context.owner().<List<ConfigProblem>>executeBlocking(() -> validator.validate(next), false)
        .onSuccess(problems -> {
          if (!problems.isEmpty()) {
            Problems.invalid(ctx, problems);
            return;
          }
          ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
              .put("dry_run", true)
              .put("valid", true)
              .put("revision", snapshot.revision())
              .put("changes", changes(snapshot.rulesById(), next))
              .encode());
        })
        .onFailure(e -> Problems.send(ctx, 500, "Internal Server Error", "validation failed: " + e));
  }

  private void write(RoutingContext ctx, java.util.concurrent.CompletionStage<ConfigWriteResult> stage, int created,
      JsonObject changes) {
    Future.fromCompletionStage(stage, context).onComplete(done -> {
      if (done.failed()) {
        Problems.send(ctx, 500, "Internal Server Error", "write failed: " + done.cause());
        return;
      }
      ConfigWriteResult result = done.result();
      if (result instanceof ConfigWriteResult.Applied applied) {
        ctx.response().setStatusCode(created).putHeader("ETag", etag(applied.revision()))
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("revision", applied.revision()).put("changes", changes).encode());
      } else if (result instanceof ConfigWriteResult.Rejected rejected) {
        Problems.invalid(ctx, rejected.problems());
      } else if (result instanceof ConfigWriteResult.Stale stale) {
        stale(ctx, stale.currentRevision());
      } else if (result instanceof ConfigWriteResult.NotFound notFound) {
        Problems.send(ctx, 404, "Not Found", "no rule with id " + notFound.id());
      } else if (result instanceof ConfigWriteResult.Unavailable unavailable) {
        ctx.response().putHeader("Retry-After", "1");
        Problems.send(ctx, 503, "Service Unavailable", "etcd: " + unavailable.reason() + "; nothing is known to be written");
      }
    });
  }

  private static boolean staleRule(RoutingContext ctx, ConfigSnapshot snapshot, String id, long expected) {
    long current = snapshot.modRevision(id);
    boolean stale = expected == ConfigStore.MUST_NOT_EXIST ? current != 0 : expected >= 0 && expected != current;
    if (stale) {
      stale(ctx, current);
    }
    return stale;
  }

  private static void stale(RoutingContext ctx, long current) {
    ctx.response().putHeader("ETag", etag(current));
    Problems.send(ctx, 409, "Conflict", "the expected revision is stale; the current revision is " + current
        + "; nothing was changed");
  }

  /**
   * The precondition: {@code If-Match} or {@code ?revision=}; {@code If-None-Match: *} (create only)
   * when allowed; else none. Answers 400 and returns null when it is malformed.
   */
  private static Long expectedRevision(RoutingContext ctx, boolean allowCreateOnly) {
    if (allowCreateOnly && "*".equals(ctx.request().getHeader("If-None-Match"))) {
      return ConfigStore.MUST_NOT_EXIST;
    }
    String text = ctx.request().getHeader("If-Match");
    String source = "If-Match";
    if (text == null) {
      text = ctx.request().getParam("revision");
      source = "revision";
    }
    if (text == null || text.equals("*")) {
      return ConfigStore.ANY_REVISION;
    }
    String bare = text.trim();
    if (bare.startsWith("W/")) {
      bare = bare.substring(2);
    }
    bare = bare.replace("\"", "");
    try {
      long revision = Long.parseLong(bare);
      if (revision < 0) {
        throw new NumberFormatException();
      }
      return revision;
    } catch (NumberFormatException e) {
      Problems.invalid(ctx, List.of(new ConfigProblem(source, text, "must be a revision (a non-negative integer)")));
      return null;
    }
  }

  private static boolean dryRun(RoutingContext ctx) {
    String value = ctx.request().getParam("dry_run");
    return value != null && (value.isEmpty() || value.equals("true") || value.equals("1"));
  }

  private static boolean isYaml(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type != null && type.contains("yaml");
  }

  private static Map<String, String> with(ConfigSnapshot snapshot, String id, String json) {
    Map<String, String> next = new TreeMap<>(snapshot.rulesById());
    next.put(id, json);
    return next;
  }

  /** Which rules a write adds, changes and removes. */
  static JsonObject changes(Map<String, String> before, Map<String, String> after) {
    TreeSet<String> added = new TreeSet<>();
    TreeSet<String> changed = new TreeSet<>();
    TreeSet<String> removed = new TreeSet<>(before.keySet());
    removed.removeAll(after.keySet());
    Map<String, String> ordered = new LinkedHashMap<>(after);
    ordered.forEach((id, json) -> {
      String old = before.get(id);
      if (old == null) {
        added.add(id);
      } else if (!Objects.equals(old, json)) {
        changed.add(id);
      }
    });
    return new JsonObject().put("added", new JsonArray(new ArrayList<>(added)))
        .put("changed", new JsonArray(new ArrayList<>(changed)))
        .put("removed", new JsonArray(new ArrayList<>(removed)));
  }

  static String etag(long revision) {
    return "\"" + revision + "\"";
  }
}

package io.leasehold.sim.leasehold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.KeyPart;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleConfig;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.match.CompiledRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's rules as the production cores read them: the rules document every tier parses (the
 * shared rules parser, {@link RuleConfig}), and for each rule a template of the requests the
 * simulated traffic sends to it.
 *
 * <p>In a scenario every request belongs to exactly one rule, while in production every matching
 * rule applies (their limits AND-ed): {@code /api/**} also matches {@code GET /api/search}. So each
 * rule's match gets one more header condition, {@value #RULE_HEADER}{@code : <rule id>}, and each
 * request carries its rule's header; everything else in the rule (path, methods, headers, key,
 * limits, fallback) stays as written and is matched by the production matcher.
 */
public final class SimRules {
  /** The request header that ties a simulated request to its scenario rule. */
  public static final String RULE_HEADER = "x-sim-rule";

  private final String document;
  private final RuleSet rules;
  private final List<RequestTemplate> templates;

  private SimRules(String document, RuleSet rules, List<RequestTemplate> templates) {
    this.document = document;
    this.rules = rules;
    this.templates = List.copyOf(templates);
  }

  /**
   * Reads the scenario's rules list ({@code Scenario.rules()} or a rule change's {@code rules}).
   *
   * @throws IllegalArgumentException naming the rule and the reason when a rule cannot be driven
   */
  public static SimRules of(JsonNode rulesList) {
    if (rulesList == null || !rulesList.isArray()) {
      throw new IllegalArgumentException("rules: " + rulesList + ": must be a list of rules");
    }
    ArrayNode rewritten = JsonNodeFactory.instance.arrayNode();
    for (JsonNode rule : rulesList) {
      ObjectNode copy = ((ObjectNode) rule).deepCopy();
      JsonNode match = copy.get("match");
      ObjectNode matchCopy = match instanceof ObjectNode m ? m : copy.putObject("match");
      if (!(match instanceof ObjectNode)) {
        copy.set("match", matchCopy);
      }
      JsonNode headers = matchCopy.get("headers");
      ObjectNode headersCopy = headers instanceof ObjectNode h ? h : matchCopy.putObject("headers");
      headersCopy.put(RULE_HEADER, rule.path("id").asText());
      rewritten.add(copy);
    }
    String document = JsonNodeFactory.instance.objectNode().set("rules", rewritten).toString();
    ConfigResult<RuleSet> parsed = RuleConfig.parseYaml(document);
    if (!parsed.isValid()) {
      throw new IllegalArgumentException("rules: " + parsed.problems());
    }
    RuleSet rules = parsed.value();
    List<RequestTemplate> templates = new ArrayList<>();
    for (Rule rule : rules.rules()) {
      templates.add(template(rule));
    }
    return new SimRules(document, rules, templates);
  }

  private static RequestTemplate template(Rule rule) {
    Match match = rule.match();
    String method = match.methods().isEmpty() ? "GET" : match.methods().get(0);
    String path = pathMatching(match.path());
    Map<String, String> headers = new LinkedHashMap<>();
    match.headers().forEach((name, value) -> headers.put(name, Match.PRESENT.equals(value) ? "1" : value));
    List<String> keyHeaders = new ArrayList<>();
    for (KeyPart part : rule.key().parts()) {
      if (part.source() == KeyPart.Source.HEADER) {
        keyHeaders.add(part.headerName());
      }
    }
    RequestTemplate template = new RequestTemplate(rule.id(), method, path, headers, keyHeaders);
    SimRequestView probe = new SimRequestView();
    probe.set(template, "k0");
    if (!new CompiledRule(rule).matches(probe)) {
      throw new IllegalArgumentException("rules." + rule.id() + ".match: " + match
          + ": no request could be built that matches it (path " + path + ", method " + method + ")");
    }
    return template;
  }

  /** A concrete path the glob matches: {@code **} matches nothing, {@code *} one segment. */
  static String pathMatching(String glob) {
    StringBuilder path = new StringBuilder();
    for (String segment : glob.split("/")) {
      if (segment.isEmpty() || segment.equals("**")) {
        continue;
      }
      path.append('/').append(segment.equals("*") ? "x" : segment);
    }
    return path.length() == 0 ? "/" : path.toString();
  }

  /** The rules document ({@code {"rules": [...]}}) relayed from the coordinator down to the edges. */
  public String document() {
    return document;
  }

  public RuleSet rules() {
    return rules;
  }

  /** The request template of rule {@code index}, in scenario order. */
  public RequestTemplate template(int index) {
    return templates.get(index);
  }

  /**
   * What a request to one rule looks like.
   *
   * @param headers the headers its match requires (rule header included), with a value that matches
   * @param keyHeaders the headers its key is read from; they carry the scenario's key
   */
  public record RequestTemplate(
      String ruleId, String method, String path, Map<String, String> headers, List<String> keyHeaders) {
    public RequestTemplate {
      headers = Map.copyOf(headers);
      keyHeaders = List.copyOf(keyHeaders);
    }
  }
}

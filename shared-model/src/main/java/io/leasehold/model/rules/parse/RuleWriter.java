package io.leasehold.model.rules.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasehold.model.rules.Cost;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.RegionShare;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import io.leasehold.model.rules.UnseenKeyPolicy;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Canonical serialization: fixed field order, every effective value written out (so a stored rule
 * does not change meaning if a default changes), except fields that do not apply to the rule's
 * scope — those are written only when they differ from the default, so that an inconsistent rule
 * built in code is rejected when read back instead of silently losing a setting.
 */
public final class RuleWriter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private RuleWriter() {}

  public static String toYaml(RuleSet rules) {
    return write(ConfigMappers.YAML, tree(rules));
  }

  public static String toJson(RuleSet rules) {
    return write(ConfigMappers.JSON, tree(rules));
  }

  public static String toYaml(Rule rule) {
    return write(ConfigMappers.YAML, tree(rule));
  }

  public static String toJson(Rule rule) {
    return write(ConfigMappers.JSON, tree(rule));
  }

  public static ObjectNode tree(RuleSet rules) {
    ObjectNode root = NODES.objectNode();
    ArrayNode list = root.putArray("rules");
    rules.rules().forEach(rule -> list.add(tree(rule)));
    return root;
  }

  public static ObjectNode tree(Rule rule) {
    ObjectNode node = NODES.objectNode();
    node.put("id", rule.id());
    if (!rule.description().isEmpty()) {
      node.put("description", rule.description());
    }
    node.set("match", match(rule.match()));
    if (rule.key().isComposite()) {
      ArrayNode parts = node.putArray("key");
      rule.key().parts().forEach(part -> parts.add(part.toString()));
    } else {
      node.put("key", rule.key().parts().get(0).toString());
    }
    node.put("scope", rule.scope().configName());
    ArrayNode limits = node.putArray("limits");
    for (Limit limit : rule.limits()) {
      ObjectNode l = limits.addObject();
      l.put("rate", limit.rate().toString());
      l.put("burst", limit.burst());
      l.put("algorithm", limit.algorithm().configName());
    }
    node.set("cost", cost(rule.cost()));
    node.put("on_unavailable", rule.onUnavailable().configName());
    node.put("shadow", rule.shadow());

    boolean global = rule.scope() == Scope.GLOBAL;
    boolean leased = rule.scope() != Scope.EDGE;
    if (leased || rule.priority() != 0) {
      node.put("priority", rule.priority());
    }
    if (global || rule.keyRegionShare() != RegionShare.EQUAL) {
      node.put("key_region_share", rule.keyRegionShare().configName());
    }
    if (!rule.regionFloors().isEmpty()) {
      node.set("region_floors", byRegion(rule.regionFloors()));
    }
    if (!rule.regionWeights().isEmpty()) {
      node.set("region_weights", byRegion(rule.regionWeights()));
    }
    UnseenKeyPolicy unseen = rule.unseenKey();
    if (leased || !unseen.equals(UnseenKeyPolicy.defaultFor(rule.limits()))) {
      if (unseen.mode() == UnseenKeyPolicy.Mode.STARTER) {
        node.put("unseen_key", "starter");
        node.put("starter_allowance", unseen.starterAllowance());
      } else {
        node.put("unseen_key", "wait");
        node.put("wait_deadline_ms", unseen.waitDeadline().toMillis());
      }
    }
    if (rule.thinShare().holds()) {
      node.put("thin_share", "hold");
      node.put("hold_deadline_ms", rule.thinShare().holdDeadline().toMillis());
    }
    return node;
  }

  private static ObjectNode match(Match match) {
    ObjectNode node = NODES.objectNode();
    node.put("path", match.path());
    if (!match.methods().isEmpty()) {
      ArrayNode methods = node.putArray("methods");
      match.methods().forEach(methods::add);
    }
    if (!match.headers().isEmpty()) {
      ObjectNode headers = node.putObject("headers");
      match.headers().forEach(headers::put);
    }
    return node;
  }

  private static JsonNode cost(Cost cost) {
    if (cost.isFixed()) {
      return NODES.numberNode(cost.defaultCost());
    }
    ObjectNode node = NODES.objectNode();
    node.put("header", cost.header());
    node.put("default", cost.defaultCost());
    node.put("max", cost.maxCost());
    return node;
  }

  private static ObjectNode byRegion(Map<String, BigDecimal> values) {
    ObjectNode node = NODES.objectNode();
    values.forEach(node::put);
    return node;
  }

  private static String write(com.fasterxml.jackson.databind.ObjectMapper mapper, JsonNode tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("writing a tree to a string cannot fail", e);
    }
  }
}

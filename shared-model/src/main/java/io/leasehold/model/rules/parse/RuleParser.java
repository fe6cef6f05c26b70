package io.leasehold.model.rules.parse;

import com.fasterxml.jackson.databind.JsonNode;
import io.leasehold.model.rules.Algorithm;
import io.leasehold.model.rules.ConfigProblem;
import io.leasehold.model.rules.ConfigResult;
import io.leasehold.model.rules.Cost;
import io.leasehold.model.rules.KeyPart;
import io.leasehold.model.rules.KeySpec;
import io.leasehold.model.rules.Limit;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.OnUnavailable;
import io.leasehold.model.rules.Period;
import io.leasehold.model.rules.Rate;
import io.leasehold.model.rules.RegionShare;
import io.leasehold.model.rules.Rule;
import io.leasehold.model.rules.RuleSet;
import io.leasehold.model.rules.Scope;
import io.leasehold.model.rules.ThinSharePolicy;
import io.leasehold.model.rules.UnseenKeyPolicy;
import io.leasehold.model.rules.match.PathPattern;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a YAML/JSON tree into rules, checking every field and every combination, and reporting
 * every problem (not just the first) with its path and offending value.
 */
public final class RuleParser {

  static final List<String> TOP_FIELDS = List.of("rules");
  static final List<String> RULE_FIELDS = List.of("id", "description", "match", "key", "scope", "limits", "cost",
      "on_unavailable", "shadow", "priority", "key_region_share", "region_floors", "region_weights", "unseen_key",
      "starter_allowance", "wait_deadline_ms", "thin_share", "hold_deadline_ms");
  static final List<String> MATCH_FIELDS = List.of("path", "methods", "headers");
  static final List<String> LIMIT_FIELDS = List.of("rate", "burst", "algorithm");
  static final List<String> COST_FIELDS = List.of("header", "default", "max");
  static final List<String> UNSEEN_KEY_MODES = List.of("starter", "wait");
  static final List<String> THIN_SHARE_MODES = List.of("deny", "hold");

  public static final int MAX_DESCRIPTION_CHARS = 1024;
  public static final int MAX_HEADER_VALUE_CHARS = 1024;
  public static final int MAX_METHODS = 16;
  public static final int MAX_HEADERS = 16;
  public static final int MAX_REGIONS = 64;
  public static final BigDecimal MAX_REGION_WEIGHT = BigDecimal.valueOf(1_000_000);

  private static final Pattern RATE = Pattern.compile("([0-9]+)/([a-z]+)");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern METHOD = Pattern.compile("[A-Z][A-Z0-9_-]{0,31}");
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final String RATE_EXPECTED = "(expected N/s, N/m, N/h or N/d)";
  private static final String ID_EXPECTED =
      "(expected 1 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit)";

  private final List<ConfigProblem> problems = new ArrayList<>();

  private RuleParser() {}

  /** Reads a whole configuration: {@code {rules: [...]}}. */
  public static ConfigResult<RuleSet> ruleSet(JsonNode root) {
    RuleParser parser = new RuleParser();
    RuleSet set = parser.parseRuleSet(root);
    return parser.problems.isEmpty() ? ConfigResult.valid(set) : ConfigResult.invalid(parser.problems);
  }

  /** Reads one rule (the body of {@code PUT /v1/rules/{id}}); paths are relative to the rule. */
  public static ConfigResult<Rule> rule(JsonNode root) {
    RuleParser parser = new RuleParser();
    Rule rule = parser.parseRule(root, "");
    return parser.problems.isEmpty() ? ConfigResult.valid(rule) : ConfigResult.invalid(parser.problems);
  }

  private RuleSet parseRuleSet(JsonNode root) {
    if (!root.isObject()) {
      add(ConfigReader.DOCUMENT, root, "is not a mapping (expected a top-level 'rules' list)");
      return null;
    }
    unknownFields(root, "", TOP_FIELDS);
    JsonNode rulesNode = field(root, "rules");
    if (rulesNode == null) {
      missing("rules");
      return null;
    }
    if (!rulesNode.isArray()) {
      add("rules", rulesNode, "is not a list of rules");
      return null;
    }
    if (rulesNode.size() > RuleSet.MAX_RULES) {
      add("rules", null, "has " + rulesNode.size() + " rules, more than the maximum of " + RuleSet.MAX_RULES);
      return null;
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, String> firstPathById = new HashMap<>();
    for (int i = 0; i < rulesNode.size(); i++) {
      String path = "rules[" + i + "]";
      JsonNode ruleNode = rulesNode.get(i);
      Rule rule = parseRule(ruleNode, path);
      JsonNode idNode = ruleNode.isObject() ? field(ruleNode, "id") : null;
      if (idNode != null && idNode.isTextual()) {
        String previous = firstPathById.putIfAbsent(idNode.textValue(), path + ".id");
        if (previous != null) {
          add(path + ".id", idNode, "is a duplicate of " + previous + " (rule ids must be unique)");
        }
      }
      if (rule != null) {
        rules.add(rule);
      }
    }
    return problems.isEmpty() ? new RuleSet(rules) : null;
  }

  private Rule parseRule(JsonNode node, String p) {
    if (!node.isObject()) {
      add(p.isEmpty() ? ConfigReader.DOCUMENT : p, node, "is not a rule (expected a mapping with id, match, key and limits)");
      return null;
    }
    int problemsBefore = problems.size();
    unknownFields(node, p, RULE_FIELDS);

    String id = requiredText(node, p, "id");
    if (id != null && !Rule.ID_PATTERN.matcher(id).matches()) {
      add(child(p, "id"), field(node, "id"), "is not a valid rule id " + ID_EXPECTED);
    }
    String description = optionalText(node, p, "description", "");
    if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
      add(child(p, "description"), null, "is " + description.length() + " characters long, more than "
          + MAX_DESCRIPTION_CHARS);
    } else if (description != null && FieldNames.hasUnsafeCharacter(description, true)) {
      add(child(p, "description"), field(node, "description"),
          "contains a control character or an unpaired surrogate (only tab and newline are allowed)");
    }
    JsonNode matchNode = field(node, "match");
    Match match = matchNode == null ? Match.ANY : parseMatch(matchNode, child(p, "match"));
    JsonNode keyNode = field(node, "key");
    KeySpec key = null;
    if (keyNode == null) {
      missing(child(p, "key"));
    } else {
      key = parseKey(keyNode, child(p, "key"));
    }
    Scope scope = optionalEnum(node, p, "scope", Scope.values(), Scope::configName, Scope.GLOBAL);
    List<Limit> limits = parseLimits(node, p);
    JsonNode costNode = field(node, "cost");
    Cost cost = costNode == null ? Cost.ONE : parseCost(costNode, child(p, "cost"));
    OnUnavailable onUnavailable =
        optionalEnum(node, p, "on_unavailable", OnUnavailable.values(), OnUnavailable::configName, OnUnavailable.FLOOR);
    Boolean shadow = optionalBoolean(node, p, "shadow", false);
    Long priority = optionalInteger(node, p, "priority", 0, Rule.MAX_PRIORITY, 0);
    RegionShare keyRegionShare = optionalEnum(node, p, "key_region_share", RegionShare.values(),
        RegionShare::configName, RegionShare.EQUAL);
    Map<String, BigDecimal> floors = parseRegionMap(node, p, "region_floors", true);
    Map<String, BigDecimal> weights = parseRegionMap(node, p, "region_weights", false);

    if (scope != null && scope != Scope.GLOBAL) {
      for (String globalOnly : List.of("key_region_share", "region_floors", "region_weights")) {
        if (field(node, globalOnly) != null) {
          add(child(p, globalOnly), null, "applies only to rules with scope global (this rule has scope "
              + scope.configName() + ")");
        }
      }
    }
    if (scope == Scope.EDGE && field(node, "priority") != null) {
      add(child(p, "priority"), null, "applies only to scopes global and region (an edge-scoped rule is not allocated)");
    }
    if (scope == Scope.GLOBAL && keyRegionShare == RegionShare.WEIGHTS && weights != null && weights.isEmpty()) {
      add(child(p, "key_region_share"), field(node, "key_region_share"), "requires region_weights");
    }
    if (floors != null) {
      BigDecimal sum = floors.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
      if (sum.compareTo(BigDecimal.ONE) > 0) {
        add(child(p, "region_floors"), null, "sum to " + sum.toPlainString()
            + ", more than 1 (floors are reserved shares of one capacity)");
      }
    }
    long smallestBurst = limits == null ? 0 : limits.stream().mapToLong(Limit::burst).min().orElse(0);
    if (cost != null && smallestBurst > 0 && cost.maxCost() > smallestBurst) {
      String costPath = cost.isFixed() ? child(p, "cost") : child(child(p, "cost"), "max");
      add(costPath, cost.isFixed() ? costNode : field(costNode, "max"), "is more than the smallest burst ("
          + smallestBurst + ") of the rule's limits: such a request could never be admitted");
    }
    UnseenKeyPolicy unseenKey = parseUnseenKey(node, p, scope, limits, smallestBurst);
    ThinSharePolicy thinShare = parseThinShare(node, p, scope, key);

    if (problems.size() > problemsBefore) {
      return null;
    }
    try {
      return new Rule(id, description, match, key, scope, limits, cost, onUnavailable, shadow,
          priority.intValue(), keyRegionShare, floors, weights, unseenKey, thinShare);
    } catch (IllegalArgumentException e) { // a combination the checks above missed: still no exception to the caller
      add(p.isEmpty() ? ConfigReader.DOCUMENT : p, null, "is not a valid rule: " + e.getMessage());
      return null;
    }
  }

  private ThinSharePolicy parseThinShare(JsonNode node, String p, Scope scope, KeySpec key) {
    JsonNode modeNode = field(node, "thin_share");
    JsonNode deadlineNode = field(node, "hold_deadline_ms");
    String mode = modeNode == null
        ? "deny"
        : optionalEnum(node, p, "thin_share", THIN_SHARE_MODES.toArray(new String[0]), Function.identity(), null);
    if (mode == null) {
      return null;
    }
    if (mode.equals("deny")) {
      if (deadlineNode != null) {
        add(child(p, "hold_deadline_ms"), null, "applies only with thin_share: hold (this rule has thin_share: deny)");
      }
      return ThinSharePolicy.DENY;
    }
    if (scope == Scope.EDGE) {
      add(child(p, "thin_share"), modeNode,
          "applies only to scopes global and region (an edge-scoped rule has no share to hold a request for)");
    }
    if (key != null && key.isConstant()) {
      add(child(p, "thin_share"), modeNode,
          "applies only to keyed rules (a constant key's share at an edge is its whole traffic's, never thin)");
    }
    Long millis = optionalInteger(node, p, "hold_deadline_ms", 1, ThinSharePolicy.MAX_HOLD_DEADLINE.toMillis(),
        ThinSharePolicy.DEFAULT_HOLD_DEADLINE.toMillis());
    return millis == null ? null : ThinSharePolicy.holdUpTo(Duration.ofMillis(millis));
  }

  private UnseenKeyPolicy parseUnseenKey(JsonNode node, String p, Scope scope, List<Limit> limits, long smallestBurst) {
    JsonNode modeNode = field(node, "unseen_key");
    JsonNode allowanceNode = field(node, "starter_allowance");
    JsonNode deadlineNode = field(node, "wait_deadline_ms");
    if (scope == Scope.EDGE) {
      for (String leaseOnly : List.of("unseen_key", "starter_allowance", "wait_deadline_ms")) {
        if (field(node, leaseOnly) != null) {
          add(child(p, leaseOnly), null, "applies only to scopes global and region (an edge-scoped rule has no lease to wait for)");
        }
      }
      return limits == null ? null : UnseenKeyPolicy.defaultFor(limits);
    }
    String mode = "starter";
    if (modeNode != null) {
      mode = optionalEnum(node, p, "unseen_key", UNSEEN_KEY_MODES.toArray(new String[0]), Function.identity(), null);
      if (mode == null) {
        return null;
      }
    }
    if (mode.equals("wait")) {
      if (allowanceNode != null) {
        add(child(p, "starter_allowance"), null, "applies only with unseen_key: starter (this rule has unseen_key: wait)");
      }
      Long millis = optionalInteger(node, p, "wait_deadline_ms", 1, UnseenKeyPolicy.MAX_WAIT_DEADLINE.toMillis(),
          UnseenKeyPolicy.DEFAULT_WAIT_DEADLINE.toMillis());
      return millis == null ? null : UnseenKeyPolicy.waitUpTo(Duration.ofMillis(millis));
    }
    if (deadlineNode != null) {
      add(child(p, "wait_deadline_ms"), null, "applies only with unseen_key: wait (this rule has unseen_key: starter)");
    }
    if (limits == null) {
      optionalInteger(node, p, "starter_allowance", 1, Limit.MAX_BURST, 1); // still report a malformed value
      return null;
    }
    long byDefault = Math.min(UnseenKeyPolicy.DEFAULT_STARTER_CAP, smallestBurst);
    Long allowance = optionalInteger(node, p, "starter_allowance", 1, Limit.MAX_BURST, byDefault);
    if (allowance == null) {
      return null;
    }
    if (allowance > smallestBurst) {
      add(child(p, "starter_allowance"), allowanceNode, "is more than the smallest burst (" + smallestBurst
          + ") of the rule's limits");
      return null;
    }
    return UnseenKeyPolicy.starter(allowance);
  }

  private Match parseMatch(JsonNode node, String p) {
    if (!node.isObject()) {
      add(p, node, "is not a mapping (expected path, methods and headers)");
      return null;
    }
    unknownFields(node, p, MATCH_FIELDS);
    String path = optionalText(node, p, "path", "/**");
    if (path != null) {
      String error = PathPattern.problem(path);
      if (error != null) {
        add(child(p, "path"), field(node, "path"), error);
        path = null;
      } else {
        path = PathPattern.normalize(path);
      }
    }
    List<String> methods = parseMethods(node, p);
    Map<String, String> headers = parseHeaders(node, p);
    if (path == null || methods == null || headers == null) {
      return null;
    }
    return new Match(path, methods, headers);
  }

  private List<String> parseMethods(JsonNode node, String p) {
    JsonNode methodsNode = field(node, "methods");
    String path = child(p, "methods");
    if (methodsNode == null) {
      return List.of();
    }
    if (!methodsNode.isArray()) {
      add(path, methodsNode, "is not a list of HTTP methods (e.g. [GET, POST])");
      return null;
    }
    if (methodsNode.size() > MAX_METHODS) {
      add(path, null, "has " + methodsNode.size() + " methods, more than " + MAX_METHODS);
      return null;
    }
    TreeSet<String> methods = new TreeSet<>();
    boolean ok = true;
    for (int i = 0; i < methodsNode.size(); i++) {
      JsonNode m = methodsNode.get(i);
      String text = m.isTextual() ? m.textValue().toUpperCase(Locale.ROOT) : null;
      if (text == null || !METHOD.matcher(text).matches()) {
        add(path + "[" + i + "]", m, "is not an HTTP method (e.g. GET)");
        ok = false;
      } else {
        methods.add(text);
      }
    }
    return ok ? List.copyOf(methods) : null;
  }

  private Map<String, String> parseHeaders(JsonNode node, String p) {
    JsonNode headersNode = field(node, "headers");
    String path = child(p, "headers");
    if (headersNode == null) {
      return Map.of();
    }
    if (!headersNode.isObject()) {
      add(path, headersNode, "is not a mapping of header name to value (\"*\" for any value)");
      return null;
    }
    if (headersNode.size() > MAX_HEADERS) {
      add(path, null, "has " + headersNode.size() + " headers, more than " + MAX_HEADERS);
      return null;
    }
    Map<String, String> headers = new TreeMap<>();
    Map<String, String> originalByLower = new HashMap<>();
    boolean ok = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = headersNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      String at = child(path, name);
      JsonNode value = e.getValue();
      if (!TOKEN.matcher(name).matches()) {
        add(at, null, "is not a valid header name");
        ok = false;
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      String previous = originalByLower.putIfAbsent(lower, name);
      if (previous != null) {
        add(at, null, "repeats header " + previous + " (header names are case-insensitive)");
        ok = false;
        continue;
      }
      if (value.isNull() || !value.isValueNode()) {
        add(at, value, "is not a header value (expected a string, or \"*\" for any value)");
        ok = false;
        continue;
      }
      String text = value.asText();
      if (text.length() > MAX_HEADER_VALUE_CHARS || FieldNames.hasUnsafeCharacter(text, false)) {
        add(at, value, "is not a header value (at most " + MAX_HEADER_VALUE_CHARS
            + " characters, no control characters)");
        ok = false;
        continue;
      }
      headers.put(lower, text);
    }
    return ok ? headers : null;
  }

  private KeySpec parseKey(JsonNode node, String p) {
    List<KeyPart> parts = new ArrayList<>();
    if (node.isArray()) {
      if (node.size() == 0 || node.size() > KeySpec.MAX_PARTS) {
        add(p, node, "is not a key (expected header:NAME, ip, constant, or a list of 1 to " + KeySpec.MAX_PARTS
            + " of header:NAME and ip)");
        return null;
      }
      boolean ok = true;
      for (int i = 0; i < node.size(); i++) {
        String at = p + "[" + i + "]";
        KeyPart part = parseKeyPart(node.get(i), at);
        if (part == null) {
          ok = false;
        } else if (part.source() == KeyPart.Source.CONSTANT && node.size() > 1) {
          add(at, node.get(i), "cannot be combined with other key parts (a constant key is one quota for all callers)");
          ok = false;
        } else if (parts.contains(part)) {
          add(at, node.get(i), "appears twice in the key");
          ok = false;
        } else {
          parts.add(part);
        }
      }
      return ok ? new KeySpec(parts) : null;
    }
    KeyPart part = parseKeyPart(node, p);
    return part == null ? null : KeySpec.of(part);
  }

  private KeyPart parseKeyPart(JsonNode node, String p) {
    String text = node.isTextual() ? node.textValue() : null;
    if ("ip".equals(text)) {
      return KeyPart.IP;
    }
    if ("constant".equals(text)) {
      return KeyPart.CONSTANT;
    }
    if (text != null && text.startsWith("header:") && TOKEN.matcher(text.substring(7)).matches()) {
      return KeyPart.header(text.substring(7));
    }
    add(p, node, "is not a key (expected header:NAME, ip or constant)");
    return null;
  }

  private List<Limit> parseLimits(JsonNode node, String p) {
    JsonNode limitsNode = field(node, "limits");
    String path = child(p, "limits");
    if (limitsNode == null) {
      missing(path);
      return null;
    }
    if (!limitsNode.isArray() || limitsNode.size() == 0) {
      add(path, limitsNode, "is not a non-empty list of limits (e.g. [{rate: 100/s}])");
      return null;
    }
    if (limitsNode.size() > Rule.MAX_LIMITS) {
      add(path, null, "has " + limitsNode.size() + " limits, more than " + Rule.MAX_LIMITS);
      return null;
    }
    List<Limit> limits = new ArrayList<>();
    for (int i = 0; i < limitsNode.size(); i++) {
      Limit limit = parseLimit(limitsNode.get(i), path + "[" + i + "]");
      if (limit != null) {
        limits.add(limit);
      }
    }
    return limits.size() == limitsNode.size() ? limits : null;
  }

  private Limit parseLimit(JsonNode node, String p) {
    if (!node.isObject()) {
      add(p, node, "is not a limit (expected a mapping with rate, burst and algorithm)");
      return null;
    }
    unknownFields(node, p, LIMIT_FIELDS);
    JsonNode rateNode = field(node, "rate");
    Rate rate = null;
    if (rateNode == null) {
      missing(child(p, "rate"));
    } else {
      rate = parseRate(rateNode, child(p, "rate"));
    }
    Algorithm algorithm =
        optionalEnum(node, p, "algorithm", Algorithm.values(), Algorithm::configName, Algorithm.TOKEN_BUCKET);
    Long burst = optionalInteger(node, p, "burst", 1, Limit.MAX_BURST, rate == null ? 1 : rate.tokens());
    if (rate == null || algorithm == null || burst == null) {
      return null;
    }
    if (algorithm == Algorithm.SLIDING_WINDOW && burst != rate.tokens()) {
      add(child(p, "burst"), field(node, "burst"), "must equal the rate's " + rate.tokens()
          + " for a sliding_window, which admits at most N per period (omit burst)");
      return null;
    }
    return new Limit(rate, burst, algorithm);
  }

  private Rate parseRate(JsonNode node, String p) {
    Matcher m = node.isTextual() ? RATE.matcher(node.textValue()) : null;
    if (m == null || !m.matches() || Period.fromSuffix(m.group(2)).isEmpty()) {
      add(p, node, "is not a rate " + RATE_EXPECTED);
      return null;
    }
    BigInteger tokens = new BigInteger(m.group(1));
    if (tokens.signum() == 0) {
      add(p, node, "is not a rate: N must be at least 1 (to stop all traffic, use a rule with on_unavailable: deny"
          + " and a rate of 1 per day, or block it upstream)");
      return null;
    }
    if (tokens.compareTo(BigInteger.valueOf(Rate.MAX_TOKENS)) > 0) {
      add(p, node, "is more than the maximum rate of " + Rate.MAX_TOKENS + " tokens per period");
      return null;
    }
    Rate rate = Rate.of(tokens.longValueExact(), Period.fromSuffix(m.group(2)).get());
    long maxPerSecond = io.leasehold.model.message.MicroTokens.MAX_PER_SECOND
        / io.leasehold.model.message.MicroTokens.PER_TOKEN;
    if (BigInteger.valueOf(rate.tokens()).multiply(BigInteger.valueOf(1_000_000_000L))
        .compareTo(BigInteger.valueOf(maxPerSecond).multiply(BigInteger.valueOf(rate.periodNanos()))) > 0) {
      add(p, node, "is faster than the maximum of " + maxPerSecond
          + " tokens per second that leases and grants can carry");
      return null;
    }
    return rate;
  }

  private Cost parseCost(JsonNode node, String p) {
    if (node.isIntegralNumber()) {
      Long fixed = integer(node, p, 1, Limit.MAX_BURST);
      return fixed == null ? null : Cost.fixed(fixed);
    }
    if (!node.isObject()) {
      add(p, node, "is not a cost (expected an integer, or a mapping with header, default and max)");
      return null;
    }
    unknownFields(node, p, COST_FIELDS);
    String header = requiredText(node, p, "header");
    if (header != null && !TOKEN.matcher(header).matches()) {
      add(child(p, "header"), field(node, "header"), "is not a valid header name");
      header = null;
    }
    Long byDefault = optionalInteger(node, p, "default", 1, Limit.MAX_BURST, 1);
    Long max = null;
    if (field(node, "max") == null) {
      missing(child(p, "max"));
    } else {
      max = integer(field(node, "max"), child(p, "max"), 1, Limit.MAX_BURST);
    }
    if (header == null || byDefault == null || max == null) {
      return null;
    }
    if (byDefault > max) {
      add(child(p, "default"), field(node, "default"), "is more than cost.max (" + max + ")");
      return null;
    }
    return Cost.fromHeader(header, byDefault, max);
  }

  private Map<String, BigDecimal> parseRegionMap(JsonNode node, String p, String name, boolean fractions) {
    JsonNode mapNode = field(node, name);
    String path = child(p, name);
    if (mapNode == null) {
      return Map.of();
    }
    if (!mapNode.isObject()) {
      add(path, mapNode, "is not a mapping of region to " + (fractions ? "fraction" : "weight"));
      return null;
    }
    if (mapNode.size() > MAX_REGIONS) {
      add(path, null, "has " + mapNode.size() + " regions, more than " + MAX_REGIONS);
      return null;
    }
    Map<String, BigDecimal> byRegion = new LinkedHashMap<>();
    boolean ok = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = mapNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String at = child(path, e.getKey());
      JsonNode value = e.getValue();
      if (!Rule.ID_PATTERN.matcher(e.getKey()).matches()) {
        add(at, null, "is not a valid region name " + ID_EXPECTED);
        ok = false;
      } else if (!value.isNumber()) {
        add(at, value, "is not a number");
        ok = false;
      } else {
        BigDecimal number = value.decimalValue();
        boolean inRange = fractions
            ? number.signum() >= 0 && number.compareTo(BigDecimal.ONE) <= 0
            : number.signum() > 0 && number.compareTo(MAX_REGION_WEIGHT) <= 0;
        if (!inRange) {
          add(at, value, fractions ? "is out of range (expected a fraction from 0 to 1)"
              : "is out of range (expected a weight greater than 0 and at most " + MAX_REGION_WEIGHT + ")");
          ok = false;
        } else {
          byRegion.put(e.getKey(), number);
        }
      }
    }
    return ok ? byRegion : null;
  }

  // ---- scalar helpers: each reports its own problem and returns null on failure ----

  private String requiredText(JsonNode node, String p, String name) {
    JsonNode value = field(node, name);
    if (value == null) {
      missing(child(p, name));
      return null;
    }
    return text(value, child(p, name));
  }

  private String optionalText(JsonNode node, String p, String name, String byDefault) {
    JsonNode value = field(node, name);
    return value == null ? byDefault : text(value, child(p, name));
  }

  private String text(JsonNode value, String path) {
    if (!value.isTextual()) {
      add(path, value, "is not a string");
      return null;
    }
    return value.textValue();
  }

  private Boolean optionalBoolean(JsonNode node, String p, String name, boolean byDefault) {
    JsonNode value = field(node, name);
    if (value == null) {
      return byDefault;
    }
    if (!value.isBoolean()) {
      add(child(p, name), value, "is not a boolean (expected true or false)");
      return null;
    }
    return value.booleanValue();
  }

  private Long optionalInteger(JsonNode node, String p, String name, long min, long max, long byDefault) {
    JsonNode value = field(node, name);
    return value == null ? Long.valueOf(byDefault) : integer(value, child(p, name), min, max);
  }

  private Long integer(JsonNode value, String path, long min, long max) {
    if (!value.isIntegralNumber()) {
      add(path, value, "is not an integer");
      return null;
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      add(path, value, "is out of range (expected an integer from " + min + " to " + max + ")");
      return null;
    }
    return value.longValue();
  }

  private <E> E optionalEnum(JsonNode node, String p, String name, E[] values, Function<E, String> configName,
      E byDefault) {
    JsonNode value = field(node, name);
    if (value == null) {
      return byDefault;
    }
    if (value.isTextual()) {
      for (E candidate : values) {
        if (configName.apply(candidate).equals(value.textValue())) {
          return candidate;
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (E candidate : values) {
      names.add(configName.apply(candidate));
    }
    add(child(p, name), value, "is not a valid " + name + " (expected " + oneOf(names) + ")");
    return null;
  }

  private void unknownFields(JsonNode node, String p, List<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        String suggestion = FieldNames.closest(name, known);
        add(child(p, name), null, "is not a known field" + (suggestion == null ? "" : " (did you mean " + suggestion + "?)")
            + "; expected " + oneOf(known));
      }
    }
  }

  /** A field's value; an explicit null ({@code ~} or {@code null} in YAML) counts as absent. */
  private static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value;
  }

  private void missing(String path) {
    problems.add(new ConfigProblem(path, null, "is required"));
  }

  private void add(String path, JsonNode value, String reason) {
    problems.add(new ConfigProblem(path, value == null ? null : FieldNames.render(value), reason));
  }

  private static String child(String path, String name) {
    String segment = PLAIN_NAME.matcher(name).matches() ? name : FieldNames.quoted(name);
    if (path.isEmpty()) {
      return segment;
    }
    return segment.startsWith("[") ? path + segment : path + "." + segment;
  }

  private static String oneOf(List<String> names) {
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
  }
}

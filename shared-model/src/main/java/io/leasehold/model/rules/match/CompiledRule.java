package io.leasehold.model.rules.match;

import io.leasehold.model.rules.KeyPart;
import io.leasehold.model.rules.Match;
import io.leasehold.model.rules.RequestView;
import io.leasehold.model.rules.Rule;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A rule prepared for the request path: arrays instead of collections, the glob compiled. */
public final class CompiledRule {

  /**
   * Most specific first: more literal segments, then more {@code *}, then fewer {@code **}; then
   * rules restricted to methods before unrestricted ones (fewer methods first); then more header
   * conditions; then id, so the order is total and deterministic.
   */
  public static final Comparator<CompiledRule> MOST_SPECIFIC_FIRST = Comparator
      .comparingInt((CompiledRule r) -> -r.path.literalSegments())
      .thenComparingInt(r -> -r.path.singleWildcards())
      .thenComparingInt(r -> r.path.multiWildcards())
      .thenComparingInt(r -> r.methods == null ? Integer.MAX_VALUE : r.methods.length)
      .thenComparingInt(r -> -r.headerNames.length)
      .thenComparing(r -> r.rule.id());

  private final Rule rule;
  private final PathPattern path;
  private final String[] methods;
  private final String[] headerNames;
  private final String[] headerValues;
  private final KeyPart.Source[] keySources;
  private final String[] keyHeaders;

  public CompiledRule(Rule rule) {
    this.rule = rule;
    Match match = rule.match();
    this.path = PathPattern.compile(match.path());
    this.methods = match.methods().isEmpty() ? null : match.methods().toArray(new String[0]);
    this.headerNames = new String[match.headers().size()];
    this.headerValues = new String[match.headers().size()];
    int i = 0;
    for (Map.Entry<String, String> header : match.headers().entrySet()) {
      headerNames[i] = header.getKey();
      headerValues[i] = Match.PRESENT.equals(header.getValue()) ? null : header.getValue();
      i++;
    }
    List<KeyPart> parts = rule.key().parts();
    this.keySources = new KeyPart.Source[parts.size()];
    this.keyHeaders = new String[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      keySources[p] = parts.get(p).source();
      keyHeaders[p] = parts.get(p).headerName();
    }
  }

  public Rule rule() {
    return rule;
  }

  /** Cheapest checks first: method, then path, then headers. */
  public boolean matches(RequestView request) {
    if (methods != null && !methodAllowed(request.method())) {
      return false;
    }
    String requestPath = request.path();
    if (requestPath == null || !path.matches(requestPath)) {
      return false;
    }
    for (int i = 0; i < headerNames.length; i++) {
      String value = request.header(headerNames[i]);
      if (value == null || headerValues[i] != null && !headerValues[i].equals(value)) {
        return false;
      }
    }
    return true;
  }

  private boolean methodAllowed(String method) {
    for (String allowed : methods) {
      if (allowed.equals(method)) {
        return true;
      }
    }
    return false;
  }

  /** The request's quota key for this rule (see {@link QuotaKeys}). */
  public String key(RequestView request) {
    if (keySources.length == 1) {
      return keySources[0] == KeyPart.Source.CONSTANT ? QuotaKeys.CONSTANT
          : QuotaKeys.bounded(QuotaKeys.part(value(request, 0)));
    }
    StringBuilder key = new StringBuilder(64);
    for (int p = 0; p < keySources.length; p++) {
      if (p > 0) {
        key.append(QuotaKeys.SEPARATOR);
      }
      key.append(QuotaKeys.part(value(request, p)));
    }
    return QuotaKeys.bounded(key.toString());
  }

  private String value(RequestView request, int part) {
    return keySources[part] == KeyPart.Source.IP ? request.clientAddress() : request.header(keyHeaders[part]);
  }
}

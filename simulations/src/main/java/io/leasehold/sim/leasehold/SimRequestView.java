package io.leasehold.sim.leasehold;

import io.leasehold.model.rules.RequestView;

/**
 * A reusable {@link RequestView} of one simulated request: its rule's template and its key. Key
 * headers and the client address carry the key, so the rule's key spec yields it. Single-threaded,
 * like the simulator; reset with {@link #set} before each decision.
 */
final class SimRequestView implements RequestView {
  private SimRules.RequestTemplate template;
  private String key;

  SimRequestView set(SimRules.RequestTemplate newTemplate, String newKey) {
    this.template = newTemplate;
    this.key = newKey;
    return this;
  }

  @Override
  public String method() {
    return template.method();
  }

  @Override
  public String path() {
    return template.path();
  }

  @Override
  public String header(String lowerCaseName) {
    if (template.keyHeaders().contains(lowerCaseName)) {
      return key;
    }
    return template.headers().get(lowerCaseName);
  }

  @Override
  public String clientAddress() {
    return key;
  }
}

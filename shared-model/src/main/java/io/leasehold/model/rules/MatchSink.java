package io.leasehold.model.rules;

/** Receives matches without a list being allocated (the edge's hot path). */
@FunctionalInterface
public interface MatchSink {

  /** Called once per matched rule, most specific first. */
  void accept(Rule rule, String key);
}
